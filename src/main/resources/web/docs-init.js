// validatorUrl: null — Swagger UI would otherwise send the document's address to
// validator.swagger.io for a badge; the page is served from the jar and calls nothing outside.
window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", validatorUrl: null });

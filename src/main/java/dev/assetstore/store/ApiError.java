package dev.assetstore.store;

import java.util.Map;

/** A failure the client caused or must know about, with its HTTP status and one-sentence detail. */
public class ApiError extends RuntimeException {
  private final int status;
  private final Map<String, String> headers;

  public ApiError(int status, String detail) {
    this(status, detail, Map.of());
  }

  public ApiError(int status, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.headers = headers;
  }

  public int status() {
    return status;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return headers;
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, what + " not found");
  }

  public static ApiError conflict(String detail) {
    return new ApiError(409, detail);
  }
}

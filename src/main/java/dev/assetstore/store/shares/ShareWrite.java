package dev.assetstore.store.shares;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.store.Fields;
import dev.assetstore.store.JsonBody;
import dev.assetstore.store.Problem;
import dev.assetstore.store.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed ShareWriteCreate / ShareWriteReplace / ShareWriteUpdate. For PATCH a {@code set*} flag
 * false means "leave as is"; PUT resets what it omits; the target is set only at creation.
 */
record ShareWrite(
    String asset,
    String folder,
    boolean setName,
    String name,
    boolean setExpires,
    Long expires,
    boolean setPassword,
    String password,
    boolean setRecipients,
    List<String> recipients,
    boolean setMaxDownloads,
    Integer maxDownloads,
    boolean setMessage,
    String message) {

  static final int MAX_RECIPIENTS = 100;
  private static final Pattern EMAIL =
      Pattern.compile("^[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+$");

  static ShareWrite parse(JsonNode json, boolean create, boolean full) {
    JsonBody body = new JsonBody(json);
    String asset = null;
    String folder = null;
    if (create) {
      asset = body.string("asset", false, 64);
      folder = body.string("folder", false, 64);
      if ((asset == null) == (folder == null)) {
        body.problem(
            new Problem(
                List.of("body"), "Exactly one of 'asset' or 'folder' is required", "value_error"));
      }
    }
    String name = body.string("name", false, 255);
    Long expires = null;
    String rawExpires = body.string("expires", false, 64);
    if (rawExpires != null) {
      expires = Times.parse(rawExpires);
      if (expires == null) {
        body.problem("expires", "Input should be a valid RFC 3339 datetime", "datetime_parsing");
      } else if (expires <= Times.nowMicros()) {
        body.problem("expires", "Datetime should be in the future", "datetime_future");
      }
    }
    String password = body.string("password", false, 256);
    if (password != null && password.codePointCount(0, password.length()) < 8) {
      body.problem("password", "String should have at least 8 characters", "string_too_short");
    }
    List<String> recipients = recipients(json.get("recipients"), body);
    Integer maxDownloads = null;
    JsonNode max = json.get("max_downloads");
    if (max != null && !max.isNull()) {
      if (!max.isIntegralNumber() || !max.canConvertToInt()) {
        body.problem("max_downloads", "Input should be a valid integer", "int_type");
      } else if (max.intValue() < 1) {
        body.problem(
            "max_downloads", "Input should be greater than or equal to 1", "greater_than_equal");
      } else {
        maxDownloads = max.intValue();
      }
    }
    String message = body.string("message", false, Fields.MAX_DESCRIPTION);
    body.validate();
    boolean all = create || full;
    return new ShareWrite(
        asset,
        folder,
        all || body.has("name"),
        name,
        all || body.has("expires"),
        expires,
        all || body.has("password"),
        password,
        all || body.has("recipients"),
        recipients == null ? List.of() : recipients,
        all || body.has("max_downloads"),
        maxDownloads,
        all || body.has("message"),
        message);
  }

  /** E-mail addresses, trimmed, lower-cased and de-duplicated; null when absent. */
  static List<String> recipients(JsonNode n, JsonBody body) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isArray()) {
      body.problem("recipients", "Input should be a valid list", "list_type");
      return null;
    }
    if (n.size() > MAX_RECIPIENTS) {
      body.problem(
          "recipients", "List should have at most " + MAX_RECIPIENTS + " items", "too_long");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      String s = e.isTextual() ? e.textValue().trim().toLowerCase(Locale.ROOT) : null;
      if (s == null || s.length() > 254 || !EMAIL.matcher(s).matches()) {
        body.problem(
            new Problem(
                List.of("body", "recipients", i),
                "Input should be a valid email address",
                "value_error"));
        return null;
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }
}

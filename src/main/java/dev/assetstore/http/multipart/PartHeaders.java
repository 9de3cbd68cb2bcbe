package dev.assetstore.http.multipart;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a form part's headers say (RFC 7578): its field name, the filename if it is a file (the
 * {@code filename} parameter, even empty, makes a part a file, as browsers and Netty have it), its
 * {@code Content-Type} as sent, and the charset its text is in. A part without a {@code form-data}
 * disposition and a name, with an illegal or unknown charset, or with an encoding other than the
 * identity ones is malformed (400), as it was under Netty's decoder.
 */
public record PartHeaders(String name, String filename, String contentType, Charset charset) {

  static PartHeaders parse(byte[] block, int length) {
    String disposition = null;
    String type = null;
    String encoding = null;
    for (String[] h : fields(new String(block, 0, length, StandardCharsets.UTF_8))) {
      switch (h[0].toLowerCase(Locale.ROOT)) {
        case "content-disposition" -> disposition = disposition == null ? h[1] : disposition;
        case "content-type" -> type = type == null ? h[1] : type;
        case "content-transfer-encoding" -> encoding = encoding == null ? h[1] : encoding;
        default -> {
          // other part headers carry nothing a form field needs
        }
      }
    }
    if (disposition == null) {
      throw MultipartScanner.malformed("a part has no Content-Disposition");
    }
    List<String> params = split(disposition);
    if (!params.getFirst().trim().equalsIgnoreCase("form-data")) {
      throw MultipartScanner.malformed("a part's disposition is not form-data");
    }
    String name = null;
    String filename = null;
    String extended = null;
    for (String p : params.subList(1, params.size())) {
      int eq = p.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = unquote(p.substring(eq + 1).trim());
      switch (key) {
        case "name" -> name = name == null ? value : name;
        case "filename" -> filename = filename == null ? value : filename;
        case "filename*" -> extended = extended == null ? value : extended;
        default -> {
          // unknown parameters are ignored (RFC 6266 §4.4)
        }
      }
    }
    if (name == null) {
      throw MultipartScanner.malformed("a part has no name");
    }
    if (extended != null) {
      String decoded = extValue(extended);
      filename = decoded != null ? decoded : filename == null ? "" : filename;
    }
    if (encoding != null) {
      String e = encoding.trim().toLowerCase(Locale.ROOT);
      if (!e.equals("binary") && !e.equals("8bit") && !e.equals("7bit")) {
        throw MultipartScanner.malformed("unsupported Content-Transfer-Encoding");
      }
    }
    return new PartHeaders(name, filename, type, charsetOf(type));
  }

  /** Header fields as name/value pairs; a line starting with white space continues the last. */
  private static List<String[]> fields(String block) {
    List<String[]> out = new ArrayList<>();
    for (String line : block.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !out.isEmpty()) {
        String[] last = out.getLast();
        last[1] = last[1] + " " + line.trim();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw MultipartScanner.malformed("a part header line is not a header field");
      }
      out.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
    }
    return out;
  }

  /** Splits at semicolons outside quotes. */
  private static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        out.add(value.substring(start, i));
        start = i + 1;
      }
    }
    out.add(value.substring(start));
    return out;
  }

  /**
   * Strips the surrounding quotes. Backslashes are kept: browsers do not escape them (they
   * percent-encode a quote instead), and old ones send Windows paths as they are.
   */
  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** An RFC 8187 {@code charset'language'pct-encoded} value, or null if it is not one. */
  private static String extValue(String v) {
    int a = v.indexOf('\'');
    int b = a < 0 ? -1 : v.indexOf('\'', a + 1);
    if (b < 0) {
      return null;
    }
    String cs = v.substring(0, a).trim();
    Charset charset;
    if (cs.equalsIgnoreCase("UTF-8")) {
      charset = StandardCharsets.UTF_8;
    } else if (cs.equalsIgnoreCase("ISO-8859-1")) {
      charset = StandardCharsets.ISO_8859_1;
    } else {
      return null;
    }
    try {
      return URLDecoder.decode(v.substring(b + 1).replace("+", "%2B"), charset);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The {@code charset} parameter of a part's type; UTF-8 (the form's default) without one. */
  private static Charset charsetOf(String type) {
    if (type == null) {
      return StandardCharsets.UTF_8;
    }
    List<String> params = split(type);
    for (String p : params.subList(1, params.size())) {
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String name = unquote(p.substring(eq + 1).trim());
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw MultipartScanner.malformed("a part names an unknown charset");
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** Whether this part is a file (it has a filename) rather than a plain field. */
  public boolean isFile() {
    return filename != null;
  }
}

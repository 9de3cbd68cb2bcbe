package dev.assetstore.mail.smtp;

import dev.assetstore.mail.MailException;
import dev.assetstore.mail.Mailer;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/**
 * {@link Mailer} over SMTP (Jakarta Mail / Angus Mail), configured by one URL:
 *
 * <pre>
 *   smtp://[user[:password]@]host[:port][?starttls=true][&amp;from=address]
 *   smtps://[user[:password]@]host[:port][?from=address]
 * </pre>
 *
 * <ul>
 *   <li>{@code smtp} connects in clear text (port 25 by default); with {@code starttls=true} it
 *       must upgrade with STARTTLS or it sends nothing.
 *   <li>{@code smtps} is TLS from the first byte (port 465 by default).
 *   <li>User and password are optional and percent-decoded ({@code p%40ss} is {@code p@ss}).
 *   <li>{@code from} sets the From and envelope sender; default {@code asset-store@<host>}.
 * </ul>
 *
 * <p>TLS certificates are verified against the JVM trust store, host name included. Connecting,
 * reading and writing each time out (10 s by default), so a dead server cannot hang a caller.
 * {@link #send} blocks: run it on a virtual thread. Neither errors nor {@link #toString()} ever
 * contain the password.
 */
public final class SmtpMailer implements Mailer {

  /** Connection, read and write timeout unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final String PROTOCOL = "smtp";

  private final String host;
  private final int port;
  private final boolean implicitTls;
  private final boolean startTls;
  private final String user; // null: no authentication
  private final String password; // null iff user is null
  private final InternetAddress from;
  private final Duration timeout;
  private final Session session;

  private SmtpMailer(
      String host,
      int port,
      boolean implicitTls,
      boolean startTls,
      String user,
      String password,
      InternetAddress from,
      Duration timeout) {
    this.host = host;
    this.port = port;
    this.implicitTls = implicitTls;
    this.startTls = startTls;
    this.user = user;
    this.password = password;
    this.from = from;
    this.timeout = timeout;
    this.session = Session.getInstance(properties());
  }

  /** The mailer for {@code url} with {@link #DEFAULT_TIMEOUT}. */
  public static SmtpMailer fromUrl(String url) {
    return fromUrl(url, DEFAULT_TIMEOUT);
  }

  /**
   * The mailer for {@code url}, each network operation bounded by {@code timeout}.
   *
   * @throws IllegalArgumentException when the URL is malformed (the message never repeats the
   *     password)
   */
  public static SmtpMailer fromUrl(String url, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("SMTP timeout must be positive: " + timeout);
    }
    if (url == null || url.isBlank()) {
      throw invalid("it is empty");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      // e.getMessage() quotes the whole input, password included: give the position only.
      throw invalid("it is not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    String scheme = uri.getScheme();
    boolean implicitTls;
    if ("smtp".equalsIgnoreCase(scheme)) {
      implicitTls = false;
    } else if ("smtps".equalsIgnoreCase(scheme)) {
      implicitTls = true;
    } else {
      throw invalid("it must start with smtp:// or smtps://");
    }
    if (uri.isOpaque()) {
      throw invalid("it must start with smtp:// or smtps://");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid("it has no valid host");
    }
    int port = uri.getPort();
    if (port == -1) {
      port = implicitTls ? 465 : 25;
    } else if (port < 1 || port > 65535) {
      throw invalid("port " + port + " is out of range");
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw invalid("it must not have a path");
    }
    if (uri.getRawFragment() != null) {
      throw invalid("it must not have a fragment");
    }

    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
      String rawPassword = colon < 0 ? "" : userInfo.substring(colon + 1);
      user = percentDecode(rawUser, "user");
      password = percentDecode(rawPassword, "password");
      if (user.isEmpty()) {
        throw invalid("it has a password but no user");
      }
    }

    boolean startTls = false;
    String fromText = null;
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), name);
        switch (name) {
          case "starttls" -> {
            if (value.equalsIgnoreCase("true")) {
              startTls = true;
            } else if (value.equalsIgnoreCase("false")) {
              startTls = false;
            } else {
              throw invalid("starttls must be true or false");
            }
          }
          case "from" -> {
            if (value.isBlank()) {
              throw invalid("from is empty");
            }
            fromText = value;
          }
          default -> throw invalid("unknown parameter '" + name + "' (known: starttls, from)");
        }
      }
    }
    if (implicitTls && startTls) {
      throw invalid("smtps:// is TLS already; starttls=true applies to smtp:// only");
    }

    InternetAddress from;
    String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      from =
          fromText != null
              ? new InternetAddress(fromText, true)
              : new InternetAddress("asset-store@" + domainOf(host), true);
    } catch (AddressException e) {
      throw invalid(
          fromText != null
              ? "from is not a valid address: " + fromText
              : "no from given and host " + bareHost + " gives no valid default");
    }
    return new SmtpMailer(host, port, implicitTls, startTls, user, password, from, timeout);
  }

  /** The default sender's domain: the host name, or an address literal for an IP. */
  private static String domainOf(String host) {
    if (host.startsWith("[")) {
      return "[IPv6:" + host.substring(1, host.length() - 1) + "]";
    }
    if (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      return "[" + host + "]";
    }
    return host;
  }

  @Override
  public boolean isConfigured() {
    return true;
  }

  @Override
  public void send(Message message) throws MailException {
    Objects.requireNonNull(message, "message");
    InternetAddress to;
    try {
      to = new InternetAddress(message.to(), true);
    } catch (AddressException e) {
      throw new MailException("not a valid recipient address: " + message.to(), e);
    }
    try {
      MimeMessage mime = new MimeMessage(session);
      mime.setFrom(from);
      mime.setRecipient(jakarta.mail.Message.RecipientType.TO, to);
      mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
      mime.setText(message.text(), StandardCharsets.UTF_8.name());
      mime.setSentDate(new Date());
      mime.saveChanges();
      try (Transport transport = session.getTransport(PROTOCOL)) {
        transport.connect(host, port, user, password);
        transport.sendMessage(mime, mime.getAllRecipients());
      }
    } catch (MessagingException e) {
      throw new MailException("sending mail via " + endpoint() + " failed: " + describe(e), e);
    }
  }

  /** The exception chain's messages (Jakarta Mail wraps the socket error that says what failed). */
  private static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < 500; t = t.getCause()) {
      if (!out.isEmpty()) {
        out.append(": ");
      }
      String text = t.getMessage();
      out.append(text == null || text.isBlank() ? t.getClass().getSimpleName() : text.strip());
      if (t.getCause() == t) {
        break;
      }
    }
    return out.toString();
  }

  private Properties properties() {
    String prefix = "mail." + PROTOCOL + ".";
    String millis = Long.toString(timeout.toMillis());
    Properties p = new Properties();
    p.setProperty(prefix + "host", host);
    p.setProperty(prefix + "port", Integer.toString(port));
    p.setProperty(prefix + "connectiontimeout", millis);
    p.setProperty(prefix + "timeout", millis);
    p.setProperty(prefix + "writetimeout", millis);
    p.setProperty(prefix + "from", from.getAddress()); // envelope sender (MAIL FROM)
    p.setProperty(prefix + "auth", Boolean.toString(user != null));
    if (implicitTls) {
      p.setProperty(prefix + "ssl.enable", "true");
    }
    if (startTls) {
      p.setProperty(prefix + "starttls.enable", "true");
      p.setProperty(prefix + "starttls.required", "true");
    }
    p.setProperty(prefix + "ssl.checkserveridentity", "true");
    return p;
  }

  private String endpoint() {
    return host + ":" + port;
  }

  /** The URL this mailer was built from, without the password. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("SmtpMailer[");
    out.append(implicitTls ? "smtps://" : "smtp://");
    if (user != null) {
      out.append(user).append(":***@");
    }
    out.append(endpoint());
    out.append(startTls ? "?starttls=true&" : "?");
    out.append("from=").append(from.getAddress());
    return out.append(']').toString();
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("invalid SMTP URL: " + why);
  }

  /** RFC 3986 percent-decoding as UTF-8 ('+' stays '+'); the value is never quoted on error. */
  private static String percentDecode(String raw, String what) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      if (raw.charAt(i) == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw invalid(what + " has a malformed percent-escape");
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        int end = raw.indexOf('%', i);
        if (end < 0) {
          end = raw.length();
        }
        bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid(what + " is not valid UTF-8 once percent-decoded");
    }
  }
}

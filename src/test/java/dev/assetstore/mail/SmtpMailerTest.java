package dev.assetstore.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.assetstore.mail.smtp.SmtpMailer;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SmtpMailer} against GreenMail's real SMTP and SMTPS servers, in this JVM. */
class SmtpMailerTest {

  /** SMTP and SMTPS (self-signed certificate) on free ports, fresh for each test. */
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(
          ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS}));

  private static final String LINK = "https://files.example.com/s/Ab3_xY-9?download=1&name=été";
  private static final String SECRET = "hunter2secret";

  private static String smtpUrl(String userInfo, String query) {
    return "smtp://"
        + (userInfo == null ? "" : userInfo + "@")
        + "127.0.0.1:"
        + greenMail.getSmtp().getPort()
        + (query == null ? "" : "?" + query);
  }

  private static MimeMessage onlyReceived() {
    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  @Test
  void deliversUtf8SubjectAndBodyWithTheLink() throws Exception {
    Mailer mailer = SmtpMailer.fromUrl(smtpUrl(null, "from=Shares%20%3Cshares@example.org%3E"));
    assertThat(mailer.isConfigured()).isTrue();
    String subject = "Partagé avec vous : « rapport » ✓ 日本語";
    String text = "Bonjour,\n\nOuvrez le lien : " + LINK + "\n\nÀ bientôt.\n";

    mailer.send(new Mailer.Message("bob@example.com", subject, text));

    MimeMessage got = onlyReceived();
    assertThat(got.getRecipients(jakarta.mail.Message.RecipientType.TO))
        .extracting(Address::toString)
        .containsExactly("bob@example.com");
    assertThat(got.getSubject()).isEqualTo(subject);
    InternetAddress from = (InternetAddress) got.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo("shares@example.org");
    assertThat(from.getPersonal()).isEqualTo("Shares");
    assertThat(got.getContentType()).startsWith("text/plain").containsIgnoringCase("UTF-8");
    assertThat(got.getSentDate()).isNotNull();
    String body = (String) got.getContent();
    // The SMTP end-of-data marker takes the final line break; everything else arrives as sent.
    assertThat(body.replace("\r\n", "\n").stripTrailing()).isEqualTo(text.stripTrailing());
    assertThat(body).contains(LINK);
  }

  @Test
  void defaultFromIsAssetStoreAtTheHost() throws Exception {
    Mailer mailer = SmtpMailer.fromUrl("smtp://localhost:" + greenMail.getSmtp().getPort());

    mailer.send(new Mailer.Message("carol@example.com", "hello", LINK));

    MimeMessage got = onlyReceived();
    assertThat(((InternetAddress) got.getFrom()[0]).getAddress())
        .isEqualTo("asset-store@localhost");
    assertThat(mailer.toString()).contains("from=asset-store@localhost");
  }

  @Test
  void authenticatesWithPercentDecodedCredentials() throws Exception {
    String password = "p@ss:w/rd%é " + SECRET;
    greenMail.setUser("alice@example.com", "alice", password);
    Mailer mailer = SmtpMailer.fromUrl(smtpUrl("alice:p%40ss%3Aw%2Frd%25%C3%A9%20" + SECRET, null));
    assertThat(mailer.toString()).doesNotContain(SECRET).contains("alice:***@");

    mailer.send(new Mailer.Message("alice@example.com", "with auth", LINK));

    assertThat(onlyReceived().getSubject()).isEqualTo("with auth");
  }

  @Test
  void wrongPasswordFailsWithoutEchoingIt() {
    greenMail.setUser("alice@example.com", "alice", "the-right-one");
    Mailer mailer = SmtpMailer.fromUrl(smtpUrl("alice:" + SECRET, null));

    assertThatThrownBy(() -> mailer.send(new Mailer.Message("x@example.com", "s", "t")))
        .isInstanceOf(MailException.class)
        .hasMessageContaining("127.0.0.1:" + greenMail.getSmtp().getPort())
        .hasMessageNotContaining(SECRET);
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "bob:" + SECRET + "@mail.example.com",
        "http://bob:" + SECRET + "@mail.example.com",
        "smtp:bob:" + SECRET + "@mail.example.com",
        "smtp://bob:" + SECRET + "@",
        "smtp://bob:" + SECRET + "@mail.example.com:0",
        "smtp://bob:" + SECRET + "@mail.example.com:99999",
        "smtp://bob:" + SECRET + "@mail example.com",
        "smtp://bob:" + SECRET + " @mail.example.com",
        "smtp://bob:" + SECRET + "@mail.example.com/inbox",
        "smtp://bob:" + SECRET + "@mail.example.com#frag",
        "smtp://bob:" + SECRET + "@mail.example.com?startls=true",
        "smtp://bob:" + SECRET + "@mail.example.com?starttls=yes",
        "smtp://bob:" + SECRET + "%ZZ@mail.example.com",
        "smtp://bob:" + SECRET + "%C3@mail.example.com",
        "smtp://:" + SECRET + "@mail.example.com",
        "smtps://bob:" + SECRET + "@mail.example.com?starttls=true",
        "smtp://bob:" + SECRET + "@mail.example.com?from=not%20an%20address",
        "smtp://bob:" + SECRET + "@mail.example.com?from=",
      })
  void malformedUrlIsRefusedWithoutEchoingThePassword(String url) {
    assertThatThrownBy(() -> SmtpMailer.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid SMTP URL: ")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void urlDefaultsAndToStringWithoutPassword() {
    assertThat(SmtpMailer.fromUrl("smtp://mail.example.com"))
        .hasToString("SmtpMailer[smtp://mail.example.com:25?from=asset-store@mail.example.com]");
    assertThat(SmtpMailer.fromUrl("SMTPS://mail.example.com/"))
        .hasToString("SmtpMailer[smtps://mail.example.com:465?from=asset-store@mail.example.com]");
    assertThat(
            SmtpMailer.fromUrl(
                "smtp://bob:" + SECRET + "@mail.example.com:587?starttls=true&from=a%2Bb@x.org"))
        .hasToString(
            "SmtpMailer[smtp://bob:***@mail.example.com:587?starttls=true&from=a+b@x.org]");
    assertThat(SmtpMailer.fromUrl("smtp://10.0.0.7:2525").toString())
        .endsWith("from=asset-store@[10.0.0.7]]");
    assertThat(SmtpMailer.fromUrl("smtp://[::1]:2525").toString())
        .contains("[::1]:2525")
        .endsWith("from=asset-store@[IPv6:::1]]");
  }

  @Test
  void serverNotListeningFailsFast() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Mailer mailer = SmtpMailer.fromUrl("smtp://127.0.0.1:" + port);

    long start = System.nanoTime();
    assertThatThrownBy(() -> mailer.send(new Mailer.Message("x@example.com", "s", "t")))
        .isInstanceOf(MailException.class)
        .hasMessageContaining("127.0.0.1:" + port);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SmtpMailer.DEFAULT_TIMEOUT);
  }

  @Test
  void silentServerTimesOut() throws Exception {
    // Bound and listening, so the TCP connect succeeds, but no greeting ever comes.
    try (ServerSocket silent = new ServerSocket()) {
      silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      Mailer mailer =
          SmtpMailer.fromUrl("smtp://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(500));

      long start = System.nanoTime();
      assertThatThrownBy(() -> mailer.send(new Mailer.Message("x@example.com", "s", "t")))
          .isInstanceOf(MailException.class)
          .hasMessageContaining("timed out");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(400))
          .isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void requiredStartTlsNeverFallsBackToCleartext() {
    // GreenMail's SMTP does not offer STARTTLS: the message must not go out in clear text.
    Mailer mailer = SmtpMailer.fromUrl(smtpUrl(null, "starttls=true"));

    assertThatThrownBy(() -> mailer.send(new Mailer.Message("x@example.com", "s", LINK)))
        .isInstanceOf(MailException.class)
        .hasMessageContaining("STARTTLS");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void smtpsVerifiesTheServerCertificate() {
    // GreenMail's SMTPS presents a self-signed certificate that the JVM does not trust.
    Mailer mailer = SmtpMailer.fromUrl("smtps://127.0.0.1:" + greenMail.getSmtps().getPort());

    assertThatThrownBy(() -> mailer.send(new Mailer.Message("x@example.com", "s", LINK)))
        .isInstanceOf(MailException.class)
        .hasMessageContaining("127.0.0.1:" + greenMail.getSmtps().getPort());
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void malformedRecipientIsAMailException() {
    Mailer mailer = SmtpMailer.fromUrl(smtpUrl(null, null));

    for (String to : new String[] {"not an address", "a@example.com, b@example.com", "@x"}) {
      assertThatThrownBy(() -> mailer.send(new Mailer.Message(to, "s", "t")))
          .isInstanceOf(MailException.class)
          .hasMessageContaining("recipient");
    }
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void messageRefusesHeaderInjection() {
    assertThatThrownBy(() -> new Mailer.Message("a@example.com", "hi\r\nBcc: x@evil.test", "t"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Mailer.Message("a@example.com\nBcc: x@evil.test", "s", "t"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Mailer.Message(" ", "s", "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noneIsNotConfiguredAndRefuses() {
    Mailer none = Mailer.none();

    assertThat(none.isConfigured()).isFalse();
    assertThatThrownBy(() -> none.send(new Mailer.Message("a@example.com", "s", "t")))
        .isInstanceOf(MailException.class)
        .hasMessage("SMTP is not configured");
  }
}

package dev.assetstore.http.shares;

import static dev.assetstore.http.shares.ShareChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/share/{id}/email} against GreenMail in this JVM. */
class ShareEmailTest {
  static GreenMail mail;
  static TestServer server;
  static Http http;
  static String assetId;

  @BeforeAll
  static void start() {
    mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
    mail.start();
    server =
        TestServer.start(
            Map.of(
                "ASSET_STORE_SMTP_URL",
                "smtp://127.0.0.1:" + mail.getSmtp().getPort() + "?from=shares%40example.org",
                "ASSET_STORE_PUBLIC_URL",
                "https://share.example.net"));
    http = server.http;
    assetId = upload(http, null, "mailed.txt", "mail me").get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
    mail.stop();
  }

  @BeforeEach
  void purge() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  static MimeMessage[] received(int n) {
    assertThat(mail.waitForIncomingEmail(5_000, n)).isTrue();
    MimeMessage[] got = mail.getReceivedMessages();
    assertThat(got).hasSize(n);
    return got;
  }

  static List<String> to(MimeMessage m) throws Exception {
    return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString).toList();
  }

  @Test
  void sendsTheLinkToEachRecipientAndAddsThem() throws Exception {
    JsonNode s =
        create(
            http, "asset", assetId, "name", "Quarterly", "recipients", List.of("old@example.com"));
    String id = s.get("id").asText();
    String url = s.get("access_url").asText();
    assertThat(url).startsWith("https://share.example.net/s/");
    Resp r =
        http.json(
            "POST",
            SHARES + id + "/email",
            body(
                "recipients",
                List.of("Carol@Example.com", "dave@example.org"),
                "message",
                "Here are the figures"));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    JsonNode j = r.json();
    assertThat(j.get("id").asText()).isEqualTo(id);
    assertThat(j.get("recipients"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("old@example.com", "carol@example.com", "dave@example.org");
    assertThat(get(http, id).get("recipients")).hasSize(3);

    MimeMessage[] got = received(2);
    List<String> all = new java.util.ArrayList<>();
    for (MimeMessage m : got) {
      List<String> rcpt = to(m);
      assertThat(rcpt).hasSize(1);
      all.addAll(rcpt);
      String text = ((String) m.getContent()).replace("\r\n", "\n");
      assertThat(text).contains(url).contains("Here are the figures");
      assertThat(m.getSubject()).isNotBlank();
      assertThat(m.getFrom()[0].toString()).contains("shares@example.org");
    }
    assertThat(all)
        .extracting(a -> a.toLowerCase(java.util.Locale.ROOT))
        .containsExactlyInAnyOrder("carol@example.com", "dave@example.org");
    // the new recipients can redeem with their address
    assertThat(
            redeem(server, "token", s.get("token").asText(), "email", "carol@example.com").status())
        .isEqualTo(200);
  }

  @Test
  void aKeyWithOnlyStoreShareMayEmail() throws Exception {
    String id = create(http, "asset", assetId).get("id").asText();
    String sharer = http.createKey("store:share");
    Resp ok =
        http.as(sharer)
            .json("POST", SHARES + id + "/email", body("recipients", List.of("erin@example.com")));
    assertThat(ok.status()).as(ok.text()).isEqualTo(202);
    MimeMessage m = received(1)[0];
    assertThat(to(m)).containsExactly("erin@example.com");
    String writer = http.createKey("store:read", "store:write");
    Resp no =
        http.as(writer)
            .json("POST", SHARES + id + "/email", body("recipients", List.of("x@example.com")));
    assertThat(assertError(no, 403).asText()).contains("store:share");
    assertError(
        http.as(null)
            .json("POST", SHARES + id + "/email", body("recipients", List.of("x@example.com"))),
        401);
    // nothing was sent for the refusals, and nobody added
    Thread.sleep(200);
    assertThat(mail.getReceivedMessages()).hasSize(1);
    assertThat(get(http, id).get("recipients"))
        .extracting(JsonNode::asText)
        .containsExactly("erin@example.com");
  }

  @Test
  void validationAndUnknownShare() throws Exception {
    String id = create(http, "asset", assetId).get("id").asText();
    assertInvalid(http.json("POST", SHARES + id + "/email", body()), "body", "recipients");
    assertInvalid(
        http.json("POST", SHARES + id + "/email", body("recipients", List.of())),
        "body",
        "recipients");
    assertInvalid(
        http.json("POST", SHARES + id + "/email", body("recipients", List.of("not-an-address"))),
        "body",
        "recipients");
    assertError(
        http.json(
            "POST",
            SHARES + "01890000-0000-7000-8000-00000000abcd/email",
            body("recipients", List.of("x@example.com"))),
        404);
    Thread.sleep(200);
    assertThat(mail.getReceivedMessages()).isEmpty();
    assertThat(get(http, id).get("recipients")).isEmpty();
  }
}

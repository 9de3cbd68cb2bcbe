package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.EmbeddedPg;
import dev.assetstore.support.EmbeddedS3;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Previews in scale-out (issue 17): two nodes on one PostgreSQL database and one S3 bucket. A
 * preview rendered on node A is served by node B from the store, without a render there; deleting
 * the last asset with that content (on B) frees the derived blob A made.
 */
class PreviewScaleOutIT {

  @Test
  void renderedOnAServedFromTheStoreOnBFreedWithTheLastAsset() throws Exception {
    EmbeddedS3.useCredentials();
    Map<String, String> shared = new HashMap<>();
    shared.put("ASSET_STORE_DB_URL", EmbeddedPg.freshDatabaseUrl());
    shared.put("ASSET_STORE_BLOB_URL", EmbeddedS3.shared().freshBucketUrl());
    try (TestServer a = TestServer.start(shared);
        TestServer b = TestServer.start(shared)) {
      BufferedImage img = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(Color.ORANGE);
      g.fillRect(0, 0, 800, 600);
      g.dispose();
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(img, "png", png);
      Resp up =
          a.http.upload(
              "",
              "wide.png",
              "image/png",
              BodyPublishers.ofByteArray(png.toByteArray()),
              Map.of(),
              Map.of());
      assertThat(up.status()).as(up.text()).isEqualTo(201);
      String id = up.json().get("id").asText();
      long blobs = a.blobFileCount();

      Resp onA = a.http.get("/api/store/asset/" + id + "/preview?w=120&h=120");
      assertThat(onA.status()).as(onA.text()).isEqualTo(200);
      assertThat(renders(a)).isEqualTo(1);
      assertThat(a.blobFileCount()).isEqualTo(blobs + 1);

      Resp onB = b.http.get("/api/store/asset/" + id + "/preview?w=120&h=120");
      assertThat(onB.status()).as(onB.text()).isEqualTo(200);
      assertThat(onB.body()).isEqualTo(onA.body());
      assertThat(onB.header("ETag")).isEqualTo(onA.header("ETag"));
      assertThat(renders(b)).as("B rendered nothing: it found A's preview").isZero();
      assertThat(b.blobFileCount()).isEqualTo(blobs + 1);

      assertThat(b.http.delete("/api/store/asset/" + id).status()).isEqualTo(204);
      assertThat(a.blobFileCount())
          .as("the asset's bytes and its preview are gone")
          .isEqualTo(blobs - 1);
    }
  }

  static long renders(TestServer s) {
    Matcher m =
        Pattern.compile("(?m)^asset_store_preview_renders_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$")
            .matcher(s.http.as(null).get("/metrics").text());
    assertThat(m.find()).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}

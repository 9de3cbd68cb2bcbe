package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.ProcessServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Previews in bounded memory (issue 17): the jar with a 64 MiB heap renders a 50-megapixel JPEG
 * (150 MB of pixels decoded whole) and the first page of a 200-page PDF, and is still alive.
 */
class PreviewMemoryIT {
  static ProcessServer server;
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server =
        ProcessServer.start(
            List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
            Map.of("ASSET_STORE_PREVIEW_WORKERS", "2"));
    dir = Files.createTempDirectory("preview-memory");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void fiftyMegapixelJpeg() throws Exception {
    int w = 8660;
    int h = 5774; // 50.0 megapixels
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.RED);
    g.fillRect(0, 0, w / 3, h / 3);
    g.dispose();
    Path file = dir.resolve("big.jpg");
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = it.next();
    try (OutputStream out = Files.newOutputStream(file);
        ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.8f);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    img = null;
    Resp up = server.http.uploadFile("", "big.jpg", file);
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    String id = up.json().get("id").asText();
    long t0 = System.nanoTime();
    Resp r = server.http.get("/api/store/asset/" + id + "/preview?w=256&h=256");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    BufferedImage preview = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertThat(preview.getWidth()).isEqualTo(256);
    assertThat(preview.getHeight()).isEqualTo(171);
    Color corner = new Color(preview.getRGB(20, 20));
    assertThat(corner.getRed()).isGreaterThan(200);
    assertThat(corner.getGreen()).isLessThan(60);
    System.out.printf("PreviewMemoryIT: 50 MP JPEG → 256 preview in %d ms with -Xmx64m%n", millis);
    assertThat(server.isAlive()).isTrue();
  }

  @Test
  void firstPageOfATwoHundredPagePdf() throws Exception {
    Path file = dir.resolve("long.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int i = 1; i <= 200; i++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.setNonStrokingColor(i == 1 ? Color.BLUE : Color.LIGHT_GRAY);
          cs.addRect(0, 0, 595, 842);
          cs.fill();
          cs.beginText();
          cs.setFont(font, 24);
          cs.setNonStrokingColor(Color.BLACK);
          cs.newLineAtOffset(72, 72);
          cs.showText("Page " + i + " " + "lorem ipsum dolor sit amet ".repeat(2));
          cs.endText();
        }
      }
      doc.save(file.toFile());
    }
    Resp up = server.http.uploadFile("", "long.pdf", file);
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    String id = up.json().get("id").asText();
    long t0 = System.nanoTime();
    Resp r = server.http.get("/api/store/asset/" + id + "/preview?w=512&h=512");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    BufferedImage preview = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertThat(preview.getHeight()).isEqualTo(512);
    Color centre = new Color(preview.getRGB(preview.getWidth() / 2, 256));
    assertThat(centre.getBlue()).as("page 1 is blue: %s", centre).isGreaterThan(200);
    assertThat(centre.getRed()).isLessThan(60);
    System.out.printf("PreviewMemoryIT: 200-page PDF, first page in %d ms with -Xmx64m%n", millis);
    assertThat(server.isAlive()).isTrue();
  }
}

package dev.assetstore.http.previews;

import static dev.assetstore.http.previews.PreviewFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** API.md §11: files made to hurt the renderer get a 422 or a harmless preview, never a 500. */
class PreviewHostileTest {
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String upload(String name, String type, byte[] bytes) {
    return PreviewTest.upload(http, name, type, bytes);
  }

  static Resp preview(String id, String query) {
    return PreviewTest.preview(http, id, query);
  }

  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void decompressionBombIsRefusedQuicklyWithTheHeapFlat() throws IOException {
    byte[] bomb = pngBomb(50_000, 50_000);
    assertThat(bomb.length).isLessThan(1000);
    String id = upload("bomb.png", "image/png", bomb);
    long before = usedHeap();
    long t0 = System.nanoTime();
    Resp r = preview(id, "");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    long grew = usedHeap() - before;
    assertThat(r.status()).as(r.text()).isEqualTo(422);
    assertThat(r.json().get("detail").asText()).contains("50000 x 50000").contains("megapixels");
    assertThat(millis).as("refused before decoding").isLessThan(2000);
    // 2.5 gigapixels decoded would be 7.5 GB; even a subsampled row buffer would show here.
    assertThat(grew).as("heap growth in bytes").isLessThan(32L * 1024 * 1024);
    // Nothing was stored for it.
    assertThat(preview(id, "").status()).isEqualTo(422);
  }

  static Stream<Arguments> sources() throws IOException {
    return Stream.of(
        Arguments.of("jpeg", "image/jpeg", withExifOrientation(jpeg(corners(300, 200)), 6)),
        Arguments.of("cmyk.jpeg", "image/jpeg", cmykJpeg(300, 200)),
        Arguments.of("ycck.jpeg", "image/jpeg", ycckJpeg(300, 200)),
        Arguments.of("png", "image/png", write(corners(300, 200), "png")),
        Arguments.of("gif", "image/gif", write(corners(300, 200), "gif")),
        Arguments.of("webp", "image/webp", webp(300, 200)),
        Arguments.of("tiff", "image/tiff", write(corners(300, 200), "tiff")),
        Arguments.of("bmp", "image/bmp", write(corners(300, 200), "bmp")),
        Arguments.of("pdf", "application/pdf", threePagePdf()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void truncatedAtSixteenPointsIs422NeverA500(String name, String type, byte[] whole) {
    assertThat(preview(upload("whole." + name, type, whole), "?w=64&h=64").status())
        .as("the whole file previews")
        .isEqualTo(200);
    List<String> wrong = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      int cut = (int) ((long) whole.length * i / 17);
      byte[] part = java.util.Arrays.copyOf(whole, cut);
      Resp r = preview(upload("cut-" + i + "." + name, type, part), "?w=64&h=64");
      if (r.status() != 422 || !r.text().contains("\"detail\"")) {
        wrong.add(cut + "/" + whole.length + " → " + r.status() + " " + r.text());
      }
    }
    assertThat(wrong).as("cuts that were not 422").isEmpty();
  }

  @Test
  void pdfWithJavaScriptAndEmbeddedFilesGivesAPreviewAndNothingElse() throws IOException {
    byte[] pdf;
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.setNonStrokingColor(GREEN);
        cs.addRect(0, 0, 595, 842);
        cs.fill();
      }
      // Script on open that would write a file, were it ever run.
      doc.getDocumentCatalog()
          .setOpenAction(
              new PDActionJavaScript(
                  "var f = new java.io.FileOutputStream('/tmp/asset-store-pdf-js-ran'); f.close();"
                      + " app.alert('ran');"));
      PDEmbeddedFile ef =
          new PDEmbeddedFile(
              doc,
              new java.io.ByteArrayInputStream(
                  "#!/bin/sh\necho pwned\n".getBytes(StandardCharsets.UTF_8)));
      ef.setSubtype("application/x-sh");
      PDComplexFileSpecification fs = new PDComplexFileSpecification();
      fs.setFile("payload.sh");
      fs.setEmbeddedFile(ef);
      PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
      tree.setNames(Map.of("payload.sh", fs));
      PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
      names.setEmbeddedFiles(tree);
      doc.getDocumentCatalog().setNames(names);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      pdf = out.toByteArray();
    }
    String id = upload("active.pdf", "application/pdf", pdf);
    long blobs = server.blobFileCount();
    List<Path> filesBefore = files(server.dataDir());
    List<Path> tmpBefore = named(Path.of(System.getProperty("java.io.tmpdir")), "payload");
    Resp r = preview(id, "?w=100&h=100");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    PreviewTest.assertColour(PreviewTest.imageOf(r), 0.5, 0.5, GREEN, "page");
    assertThat(Files.exists(Path.of("/tmp/asset-store-pdf-js-ran"))).as("script ran").isFalse();
    // Exactly one new blob (the preview) and no other file under the data directory.
    assertThat(server.blobFileCount()).isEqualTo(blobs + 1);
    List<Path> added = files(server.dataDir());
    added.removeAll(filesBefore);
    assertThat(added.stream().filter(p -> !p.startsWith(server.blobDir())).toList())
        .as("files written outside the blob store")
        .allMatch(p -> p.getFileName().toString().startsWith("store.db"));
    assertThat(named(Path.of(System.getProperty("java.io.tmpdir")), "payload"))
        .isEqualTo(tmpBefore);
  }

  @Test
  void svgWithScriptIsNeverRendered() {
    String svg =
        "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>"
            + "<script>alert(1)</script><rect width='100' height='100' fill='red'/></svg>";
    String id = upload("evil.svg", "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8));
    Resp r = preview(id, "");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("detail").asText()).isEqualTo("No preview for image/svg+xml");
    String txt = upload("notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(preview(txt, "").json().get("detail").asText())
        .isEqualTo("No preview for text/plain");
  }

  @Test
  void imageBytesUnderAnotherImageTypeAreStillOnlyDecodedByOurReaders() throws IOException {
    // Declared PNG, actually garbage: 422, not a 500 and not a sniffed other format.
    String id =
        upload(
            "fake.png",
            "image/png",
            "GIF87a garbage, not an image".getBytes(StandardCharsets.US_ASCII));
    assertThat(preview(id, "").status()).isEqualTo(422);
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return new ArrayList<>(s.filter(Files::isRegularFile).toList());
    }
  }

  private static List<Path> named(Path dir, String part) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().contains(part)).sorted().toList();
    }
  }
}

package dev.assetstore.blob.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetstore.blob.StoredBlob;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blob keys are chosen by the store, and only its own key shape ever becomes a path. */
class FsBlobStoreKeysTest {

  @Test
  void keysAreGeneratedAndAnythingElseIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("blobs");
    Files.writeString(dir.resolve("outside.txt"), "outside");
    try {
      FsBlobStore blobs = new FsBlobStore(dir.resolve("blobs"));
      StoredBlob a = blobs.put(new ByteArrayInputStream("a".getBytes()));
      StoredBlob b = blobs.put(new ByteArrayInputStream("a".getBytes()));
      assertThat(a.key()).matches("[0-9a-f]{32}").isNotEqualTo(b.key());
      assertThat(blobs.localPath(a.key()).orElseThrow()).startsWith(dir.resolve("blobs"));
      for (String hostile :
          List.of(
              "../outside.txt",
              "../../outside.txt",
              "/etc/passwd",
              "..",
              "tmp/x.part",
              a.key() + "/..",
              a.key().toUpperCase(),
              a.key().substring(1),
              "0123456789abcdef0123456789abcde\u0000",
              "")) {
        assertThatThrownBy(() -> blobs.open(hostile, 0, 1))
            .as(hostile)
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.delete(hostile))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.localPath(hostile))
            .isInstanceOf(IllegalArgumentException.class);
      }
      assertThat(Files.readString(dir.resolve("outside.txt"))).isEqualTo("outside");
    } finally {
      TestServer.deleteRecursively(dir);
    }
  }
}

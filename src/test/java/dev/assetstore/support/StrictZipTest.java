package dev.assetstore.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker must be able to fail: archives a careless writer could produce are refused. */
class StrictZipTest {

  static byte[] zip(String... names) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (String name : names) {
        byte[] data = name.endsWith("/") ? new byte[0] : "data".getBytes(StandardCharsets.UTF_8);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        out.putNextEntry(e);
        out.write(data);
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void aCleanArchiveIsRead() throws IOException {
    var entries = StrictZip.check(zip("Root/", "Root/a.txt", "Root/sub/", "Root/sub/b (1).txt"));
    assertThat(entries.keySet())
        .containsExactly("Root/", "Root/a.txt", "Root/sub/", "Root/sub/b (1).txt");
    assertThat(entries.get("Root/a.txt")).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
    assertThat(entries.get("Root/")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../evil.txt",
        "a/../../evil.txt",
        "a/./b.txt",
        "/etc/passwd",
        "a//b.txt",
        "a\\..\\b.txt",
        "C:/x.txt",
        "c:x.txt",
        "tab\t.txt",
        "nul\u0000.txt",
        "rtl\u202Etxt.exe",
        "zw\u200B.txt",
        "CON",
        "dir/aux.txt",
        "trailing.",
        "space /x.txt",
        "q?.txt",
        "e\u0301.txt"
      })
  void unsafeNamesAreRefused(String name) throws IOException {
    byte[] z = zip(name);
    assertThatThrownBy(() -> StrictZip.check(z)).isInstanceOf(AssertionError.class);
  }

  @Test
  void overlongSegmentsAreRefused() throws IOException {
    byte[] z = zip("x".repeat(256));
    assertThatThrownBy(() -> StrictZip.check(z)).hasMessageContaining("255");
  }

  @Test
  void caseInsensitiveDuplicatesAndFileDirectoryClashesAreRefused() throws IOException {
    byte[] dup = zip("a.txt", "A.TXT");
    assertThatThrownBy(() -> StrictZip.check(dup)).hasMessageContaining("one file");
    byte[] clash = zip("a", "a/");
    assertThatThrownBy(() -> StrictZip.check(clash)).hasMessageContaining("one file");
    byte[] parent = zip("a", "a/b.txt");
    assertThatThrownBy(() -> StrictZip.check(parent)).hasMessageContaining("directory");
  }

  @Test
  void aCorruptedEntryIsRefused() throws IOException {
    byte[] z = zip("a.txt");
    // The entry's data follows its 30-byte local header and 5-byte name.
    z[30 + 5] ^= 1;
    assertThatThrownBy(() -> StrictZip.check(z)).isInstanceOf(AssertionError.class);
  }

  @Test
  void centralDirectoryDisagreeingWithLocalHeadersIsRefused() throws IOException {
    byte[] z = zip("aaaa.txt");
    // Rename the entry in the central directory only (the name's last occurrence).
    String s = new String(z, StandardCharsets.ISO_8859_1);
    int at = s.lastIndexOf("aaaa.txt");
    z[at] = 'b';
    assertThatThrownBy(() -> StrictZip.check(z)).hasMessageContaining("disagree");
  }
}

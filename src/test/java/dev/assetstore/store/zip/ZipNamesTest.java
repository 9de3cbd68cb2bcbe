package dev.assetstore.store.zip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.StrictZip;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Entry names are made safe and unique in one place; the strict checker agrees. */
class ZipNamesTest {
  private static final long T = 1_795_000_000_000L;

  /** Names that pass (or bypass) the name rules of API.md §5 but are hostile on some disk. */
  static final List<String> HOSTILE =
      List.of(
          "..",
          ".",
          "...",
          "../../etc/passwd",
          "..\\..\\windows\\win.ini",
          "/etc/passwd",
          "C:",
          "C:\\boot.ini",
          "c:evil.txt",
          "a\u0000b",
          "tab\there",
          "new\nline",
          "del\u007f",
          "c1\u0085control",
          "invoice\u202Efdp.exe",
          "zero\u200Bwidth",
          "isolate\u2066x\u2069",
          "bom\uFEFF",
          "line\u2028sep",
          "lone\uD800surrogate",
          "CON",
          "con.txt",
          "Nul.tar.gz",
          "COM1",
          "lpt9.log",
          "trailing.",
          "trailing ",
          "dots...",
          "what?.pdf",
          "a<b>c|d*e\"f",
          "x".repeat(300),
          "é".repeat(200) + ".png",
          "😀".repeat(100),
          "e\u0301");

  @Test
  void everyHostileNameBecomesASafeSegment() {
    for (String raw : HOSTILE) {
      String safe = ZipNames.portable(raw);
      assertThat(safe).as(raw).isNotEmpty().doesNotContain("/");
      StrictZip.checkName(safe);
      assertThat(safe.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "logo.png|logo.png",
        "Q3 report (final).pdf|Q3 report (final).pdf",
        "..|__",
        "...|___",
        "a\\b|a_b",
        "C:|C_",
        "CON|_CON",
        "con.txt|_con.txt",
        "console.txt|console.txt",
        "COM10|COM10",
        "trailing.|trailing_",
        "what?.pdf|what_.pdf",
        "日本語.txt|日本語.txt",
      })
  void portableNames(String raw, String expected) {
    assertThat(ZipNames.portable(raw)).isEqualTo(expected);
  }

  @Test
  void bidiAndControlCharactersAreReplaced() {
    assertThat(ZipNames.portable("invoice\u202Efdp.exe")).isEqualTo("invoice_fdp.exe");
    assertThat(ZipNames.portable("a\u0000b\u001fc\u007fd")).isEqualTo("a_b_c_d");
    assertThat(ZipNames.portable("e\u0301")).isEqualTo("\u00e9"); // NFC
  }

  @Test
  void longNamesAreCutToBytesKeepingTheExtension() {
    String cut = ZipNames.portable("é".repeat(200) + ".png");
    assertThat(cut).endsWith(".png");
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    assertThat(cut).startsWith("éé");
    String emoji = ZipNames.portable("😀".repeat(100));
    assertThat(emoji.getBytes(StandardCharsets.UTF_8).length).isEqualTo(252);
    assertThat(emoji.codePoints().allMatch(c -> c == 0x1F600)).isTrue();
  }

  @Test
  void duplicatesAreNumberedCaseInsensitivelyAndDeterministically() {
    ZipNames names = new ZipNames();
    assertThat(names.file("", "a.png")).isEqualTo("a.png");
    assertThat(names.file("", "A.PNG")).isEqualTo("A (1).PNG");
    assertThat(names.file("", "a.png")).isEqualTo("a (2).png");
    assertThat(names.file("", "a (1).png")).isEqualTo("a (1) (1).png");
    // Two names that only became equal by being made safe.
    assertThat(names.file("", "x\u202E.txt")).isEqualTo("x_.txt");
    assertThat(names.file("", "x?.txt")).isEqualTo("x_ (1).txt");
  }

  @Test
  void aFileNeverTakesTheNameOfADirectory() {
    ZipNames names = new ZipNames();
    String root = names.directory("", "Root");
    String sub = names.directory(root, "Data.d");
    assertThat(sub).isEqualTo("Root/Data.d/");
    assertThat(names.file(root, "data.d")).isEqualTo("Root/data (1).d");
    assertThat(names.directory(root, "DATA.D")).isEqualTo("Root/DATA.D (1)/");
  }

  @Test
  void numberedLongNamesStayWithinTheLimit() {
    ZipNames names = new ZipNames();
    String longName = "n".repeat(255);
    assertThat(names.file("", longName)).isEqualTo(longName);
    String second = names.file("", longName);
    assertThat(second).endsWith(" (1)").hasSize(255);
  }

  /** The writer with every hostile name, nested: the strict checker accepts what comes out. */
  @Test
  void anArchiveOfHostileNamesPassesTheStrictChecker() throws IOException {
    ZipNames names = new ZipNames();
    List<ZipEntrySpec> entries = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    String dir = names.directory("", "..");
    entries.add(new ZipEntrySpec(dir, 0, 0, null, T));
    contents.add(null);
    String nested = names.directory(dir, "C:");
    entries.add(new ZipEntrySpec(nested, 0, 0, null, T));
    contents.add(null);
    for (String raw : HOSTILE) {
      for (String parent : List.of("", dir, nested)) {
        byte[] data = raw.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        entries.add(new ZipEntrySpec(names.file(parent, raw), data.length, crc.getValue(), raw, T));
        contents.add(data);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ZipWriter.write(
        entries, e -> new ByteArrayInputStream(e.blobKey().getBytes(StandardCharsets.UTF_8)), out);
    assertThat((long) out.size()).isEqualTo(ZipLayout.length(entries));
    Map<String, byte[]> read = StrictZip.check(out.toByteArray());
    assertThat(read).hasSize(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      assertThat(read.get(entries.get(i).name())).isEqualTo(contents.get(i));
    }
  }
}

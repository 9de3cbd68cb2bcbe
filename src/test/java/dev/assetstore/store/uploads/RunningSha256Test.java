package dev.assetstore.store.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

/** The running SHA-256 of a resumable upload survives a save and restore at any byte. */
class RunningSha256Test {

  @Test
  void theJdkEngineIsUsedWhereTheBuildOpensIt() {
    // The surefire argLine and the jar's manifest open sun.security.provider: without it
    // uploads hash at Bouncy Castle's pace.
    assertThat(RunningSha256.Jdk.AVAILABLE).isTrue();
    assertThat(RunningSha256.fresh()).isInstanceOf(RunningSha256.Jdk.class);
    assertThat(RunningSha256.fresh().state()[0]).isEqualTo((byte) 'J');
  }

  @Test
  void savedAndRestoredAtEveryKindOfSplitGivesTheDigestOfTheWhole() throws Exception {
    byte[] data = new byte[10_000];
    new Random(7).nextBytes(data);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
    for (int split : new int[] {0, 1, 63, 64, 65, 127, 128, 4097, 9_999, 10_000}) {
      for (boolean jdk : new boolean[] {true, false}) {
        RunningSha256 a = jdk ? RunningSha256.fresh() : new RunningSha256.Bc(new SHA256Digest());
        a.update(data, 0, split);
        byte[] state = a.state();
        RunningSha256 b = RunningSha256.restore(state);
        assertThat(b.getClass()).as("split %d", split).isEqualTo(a.getClass());
        // Saved again and again, as every checkpoint does.
        b = RunningSha256.restore(b.state());
        b.update(data, split, data.length - split);
        assertThat(b.finish()).as("jdk=%s split %d", jdk, split).isEqualTo(expected);
      }
    }
  }

  @Test
  void anEmptyStateIsAFreshDigest() throws Exception {
    RunningSha256 d = RunningSha256.restore(new byte[0]);
    assertThat(d.finish()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
  }
}

package dev.assetstore.store.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

  @Test
  void hashesAreArgon2idPhcStringsThatVerifyOnlyTheRightPassword() {
    String h = Passwords.hash("correct horse battery staple");
    assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(h).doesNotContain("correct horse");
    assertThat(Passwords.verify("correct horse battery staple", h)).isTrue();
    assertThat(Passwords.verify("correct horse battery stapl", h)).isFalse();
    assertThat(Passwords.verify("", h)).isFalse();
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTime() {
    assertThat(Passwords.hash("pw")).isNotEqualTo(Passwords.hash("pw"));
  }

  @Test
  void malformedHashesNeverVerify() {
    assertThat(Passwords.verify("pw", "")).isFalse();
    assertThat(Passwords.verify("pw", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA")).isFalse();
    assertThat(Passwords.verify("pw", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA")).isFalse();
    assertThat(Passwords.verifyNothing("pw")).isFalse();
  }
}

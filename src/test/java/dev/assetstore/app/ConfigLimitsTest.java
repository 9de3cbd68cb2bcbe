package dev.assetstore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetstore.http.Limits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request limits and slow-client timeouts read from {@code ASSET_STORE_*} variables. */
class ConfigLimitsTest {
  @Test
  void unsetVariablesGiveTheDocumentedDefaults() {
    Limits l = Config.fromEnv(Map.of()).limits();
    assertThat(l).isEqualTo(Limits.DEFAULTS);
    assertThat(l.maxJsonBytes()).isEqualTo(1024 * 1024);
    assertThat(l.maxHeaderBytes()).isEqualTo(32 * 1024);
    assertThat(l.maxHeaders()).isEqualTo(100);
    assertThat(l.headerTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(l.bodyTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(l.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void eachLimitIsConfigurableAndTimeoutsTakeFractions() {
    Limits l =
        Config.fromEnv(
                Map.of(
                    "ASSET_STORE_MAX_JSON_BYTES", "4096",
                    "ASSET_STORE_MAX_HEADER_BYTES", "65536",
                    "ASSET_STORE_MAX_HEADERS", "50",
                    "ASSET_STORE_HEADER_TIMEOUT_SECONDS", "0.5",
                    "ASSET_STORE_BODY_TIMEOUT_SECONDS", "30",
                    "ASSET_STORE_IDLE_TIMEOUT_SECONDS", "300"))
            .limits();
    assertThat(l)
        .isEqualTo(
            new Limits(
                65536,
                50,
                4096,
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(300)));
  }

  @Test
  void nonsenseIsRefusedAtStartNotAtTheFirstRequest() {
    for (var bad :
        Map.of(
                "ASSET_STORE_HEADER_TIMEOUT_SECONDS", "soon",
                "ASSET_STORE_BODY_TIMEOUT_SECONDS", "0",
                "ASSET_STORE_IDLE_TIMEOUT_SECONDS", "-5",
                "ASSET_STORE_MAX_HEADERS", "2",
                "ASSET_STORE_MAX_JSON_BYTES", "10",
                "ASSET_STORE_MAX_HEADER_BYTES", "lots")
            .entrySet()) {
      assertThatThrownBy(() -> Config.fromEnv(Map.of(bad.getKey(), bad.getValue())))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

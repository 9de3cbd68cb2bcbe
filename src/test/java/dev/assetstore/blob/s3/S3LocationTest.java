package dev.assetstore.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3LocationTest {

  @Test
  void everyParameter() {
    S3Location l =
        S3Location.parse(
            "s3://my-bucket.v2?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-1"
                + "&path_style=true&prefix=assets/prod&sweep_grace=60");
    assertThat(l.bucket()).isEqualTo("my-bucket.v2");
    assertThat(l.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(l.region()).isEqualTo("eu-west-1");
    assertThat(l.pathStyle()).isTrue();
    assertThat(l.prefix()).isEqualTo("assets/prod/");
    assertThat(l.sweepGrace()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aBareBucketTalksToAwsWithDefaults() {
    S3Location l = S3Location.parse("s3://assets");
    assertThat(l.bucket()).isEqualTo("assets");
    assertThat(l.endpoint()).isNull();
    assertThat(l.region()).isNull();
    assertThat(l.pathStyle()).isFalse();
    assertThat(l.prefix()).isEmpty();
    assertThat(l.sweepGrace()).isEqualTo(S3Location.DEFAULT_SWEEP_GRACE);
  }

  @Test
  void anUnencodedEndpointIsAcceptedToo() {
    S3Location l =
        S3Location.parse("s3://assets?endpoint=https://minio.local:9000&path_style=true");
    assertThat(l.endpoint()).isEqualTo(URI.create("https://minio.local:9000"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "file:/tmp/blobs | expected s3://bucket",
        "s3:// | bucket name",
        "s3://Upper_Case | bucket name",
        "s3://ab | bucket name",
        "s3://assets?endpoint=ftp://host | http:// or https://",
        "s3://assets?endpoint=not a url | endpoint",
        "s3://assets?path_style=yes | path_style must be true or false",
        "s3://assets?region=EU West | region",
        "s3://assets?prefix=/abs | prefix must not start with /",
        "s3://assets?sweep_grace=-1 | sweep_grace",
        "s3://assets?sweep_grace=1h | sweep_grace",
        "s3://assets?bucket=x | unknown parameter 'bucket'",
        "s3://assets?region=a&region=b | given twice",
        "s3://assets?region | name=value",
        "s3://assets?prefix=%zz | percent-encoded",
      })
  void malformedUrlsAreRefusedSayingWhy(String url, String why) {
    assertThatThrownBy(() -> S3Location.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ASSET_STORE_BLOB_URL")
        .hasMessageContaining(why);
  }
}

package dev.bulwark.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the status page takes out of status text before anyone on the network reads it. */
class PageTextTest {
  private final PageText text =
      PageText.hiding(
          Map.of(
              "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-secret",
              "PGPASSWORD", "pg-pass-123",
              "MY_API_TOKEN", "tok-9f8e7d",
              "S3_BUCKET", "teaching-backups",
              "SHORT_KEY", "ab"));

  @Test
  void secretValuesOfTheEnvironmentAreHidden() {
    assertThat(text.clean("auth failed with wJalrXUtnFEMI-secret and pg-pass-123 (tok-9f8e7d)"))
        .isEqualTo("auth failed with *** and *** (***)");
    // Not secrets by name, and too short to hide without blanking ordinary words.
    assertThat(text.clean("bucket teaching-backups: ab")).isEqualTo("bucket teaching-backups: ab");
  }

  @Test
  void userinfoOfUrlsIsHidden() {
    assertThat(text.clean("POST https://ops:hunter22@hooks.example.com/services/x failed"))
        .isEqualTo("POST https://***@hooks.example.com/services/x failed");
  }

  @Test
  void absolutePathsKeepOnlyTheirLastSegment() {
    assertThat(text.clean("source /srv/state/data/raw (domain raw) is not a readable directory"))
        .isEqualTo("source …/raw (domain raw) is not a readable directory");
    assertThat(text.clean("cannot write '/var/lib/bulwark/repository/backups/x.json': disk full"))
        .isEqualTo("cannot write '…/x.json': disk full");
    // Schedules, URLs and relative files are not paths to hide.
    assertThat(
            text.clean(
                "incremental on '*/5 * * * *', http://127.0.0.1:9000/bucket, policies/a.yaml:7"))
        .isEqualTo("incremental on '*/5 * * * *', http://127.0.0.1:9000/bucket, policies/a.yaml:7");
  }

  @Test
  void htmlIsEscaped() {
    assertThat(text.html("<script>alert('x')</script> & \"more\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
  }
}

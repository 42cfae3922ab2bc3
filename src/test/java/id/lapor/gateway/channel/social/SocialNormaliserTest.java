package id.lapor.gateway.channel.social;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Decisions of the SOCIAL normaliser; golden canonical JSON is in SocialFixturesTest. */
class SocialNormaliserTest {

    private final SocialNormaliser n = new SocialNormaliser(new SocialProperties(true, "admin-flags", 100, 2000, 64,
            List.of("x", "facebook", "other")));

    private Normalisation of(String json) {
        return n.normaliseRaw(json.getBytes(StandardCharsets.UTF_8), "admin-flags");
    }

    @Test
    void oneSiteUnderItsOtherHostNamesIsOnePost() {
        assertThat(SocialNormaliser.canonicalUrl("https://twitter.com/budi/status/18?s=20")).isEqualTo("https://x.com/budi/status/18");
        assertThat(SocialNormaliser.canonicalUrl("https://mobile.twitter.com/budi/status/18")).isEqualTo("https://x.com/budi/status/18");
        assertThat(SocialNormaliser.canonicalUrl("https://m.facebook.com/story.php?story_fbid=9&id=4"))
                .isEqualTo(SocialNormaliser.canonicalUrl("https://www.facebook.com/story.php?story_fbid=9&id=4"));
        assertThat(SocialNormaliser.canonicalUrl("https://m.youtube.com/watch?v=abc")).isEqualTo("https://youtube.com/watch?v=abc");
        // only whole host names: a look-alike stays itself
        assertThat(SocialNormaliser.canonicalUrl("https://nottwitter.com/a")).isEqualTo("https://nottwitter.com/a");
    }

    @Test
    void acceptedPostKeepsPosterAsReporterAndUrlAsTransportId() {
        Normalisation r = of("""
                {"platform":"X","post_url":"https://www.X.com/budi/status/1?utm_source=wa&lang=id#top","author_handle":"@Budi_S",
                 "author_name":"Budi","text":" Jalan rusak ","posted_at":"2026-11-01T08:00:00+08:00","note":"cek","flagged_by":"admin"}""");
        assertThat(r).isInstanceOf(Normalisation.Accepted.class);
        ComplaintDraft d = ((Normalisation.Accepted) r).draft();
        assertThat(d.channel()).isEqualTo(Channel.SOCIAL);
        assertThat(d.externalId()).isEqualTo("https://x.com/budi/status/1?lang=id");
        assertThat(d.senderKey()).isEqualTo("social:x:budi_s");
        assertThat(d.reporter().channelUserId()).isEqualTo("social:x:budi_s");
        assertThat(d.reporter().name()).isEqualTo("Budi");
        assertThat(d.content()).isEqualTo("Jalan rusak");
        assertThat(d.occurredAt()).hasToString("2026-11-01T00:00:00Z");
        assertThat(d.flags()).containsExactly("SOCIAL_FLAGGED_BY:admin", "ADMIN_NOTE:cek");
    }

    @Test
    void anonymousPosterNameIsNotKept() {
        ComplaintDraft d = ((Normalisation.Accepted) of("""
                {"platform":"x","post_url":"https://x.com/a/1","author_handle":"a","author_name":"Nama Asli","text":"t","anonymous":true}""")).draft();
        assertThat(d.reporter().name()).isNull();
        assertThat(d.reporter().anonymous()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty body||PARSE",
            "not JSON|{platform: x|PARSE",
            "JSON array|[1,2]|PARSE",
            "unknown field|{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"t\",\"evil\":1}|PARSE",
            "no platform|{\"post_url\":\"https://x.com/1\",\"text\":\"t\"}|VALIDATION",
            "platform not allowed|{\"platform\":\"myspace\",\"post_url\":\"https://x.com/1\",\"text\":\"t\"}|POLICY",
            "javascript url|{\"platform\":\"x\",\"post_url\":\"javascript:alert(1)\",\"text\":\"t\"}|VALIDATION",
            "relative url|{\"platform\":\"x\",\"post_url\":\"/status/1\",\"text\":\"t\"}|VALIDATION",
            "blank text|{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"   \"}|VALIDATION",
            "handle with markup|{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"t\",\"author_handle\":\"<script>\"}|VALIDATION",
            "bad date|{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"t\",\"posted_at\":\"kemarin\"}|VALIDATION",
            "bad base64|{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"t\",\"screenshot_base64\":\"%%%\"}|PARSE"})
    void badInputIsRejectedWithAReasonClass(String name, String body, ReasonClass expected) {
        Normalisation r = of(body == null ? "" : body);
        assertThat(r).isInstanceOf(Normalisation.Rejected.class);
        assertThat(((Normalisation.Rejected) r).reasonClass()).isEqualTo(expected);
        assertThat(((Normalisation.Rejected) r).reason()).isNotBlank();
    }

    @Test
    void oversizedInputIsRejectedAsTooLarge() {
        Normalisation longNote = of("{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"t\",\"note\":\"" + "n".repeat(1001) + "\"}");
        assertThat(((Normalisation.Rejected) longNote).reason()).isEqualTo("note is longer than 1000 characters");
        Normalisation longText = of("{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"" + "a".repeat(101) + "\"}");
        assertThat(((Normalisation.Rejected) longText).reasonClass()).isEqualTo(ReasonClass.TOO_LARGE);
        Normalisation hugeBody = of("{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"" + "a".repeat(3000) + "\"}");
        assertThat(((Normalisation.Rejected) hugeBody).reason()).contains("exceeds 2000");
        String shot = java.util.Base64.getEncoder().encodeToString(new byte[65]);
        Normalisation bigShot = of("{\"platform\":\"x\",\"post_url\":\"https://x.com/1\",\"text\":\"t\",\"screenshot_base64\":\"" + shot + "\"}");
        assertThat(((Normalisation.Rejected) bigShot).reasonClass()).isEqualTo(ReasonClass.TOO_LARGE);
    }

    /** Issue #15, kind 11: the sender is the poster, never the admin; posts with no handle are not one "unknown" sender. */
    @Test
    void postsWithoutAHandleAreEachTheirOwnSenderAndTheAdminIsNeverTheSender() {
        ComplaintDraft a = ((Normalisation.Accepted) of("""
                {"platform":"x","post_url":"https://x.com/p/status/1","text":"Jalan rusak di Praya","flagged_by":"admin"}""")).draft();
        ComplaintDraft b = ((Normalisation.Accepted) of("""
                {"platform":"x","post_url":"https://x.com/q/status/2","text":"Jalan rusak di Praya","flagged_by":"admin"}""")).draft();
        assertThat(a.senderKey()).isEqualTo("social:x:post:https://x.com/p/status/1");
        assertThat(a.senderKey()).isNotEqualTo(b.senderKey());
        assertThat(a.reporter().channelUserId()).isEqualTo("social:x:unknown");
        ComplaintDraft c = ((Normalisation.Accepted) of("""
                {"platform":"x","post_url":"https://x.com/c/1","author_handle":"@Citra","text":"t","flagged_by":"admin"}""")).draft();
        assertThat(c.senderKey()).isEqualTo("social:x:citra");
    }
}

package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.channel.chat.ChatPart;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.support.ChannelConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WhatsApp's decisions without Spring, Camel or a socket: the signature, reading of messages, settings. */
class WhatsAppDecisionsTest {

    final WhatsAppSignature signature = new WhatsAppSignature("app-secret-1");

    @Test
    void signatureIsTheHmacOfTheRawBytesAndAnyOtherByteOrSecretFails() {
        byte[] body = "{\"text\":\"Pak @lurah 🙏 jalan ꦗꦭꦤ꧀ rusak\"}".getBytes(StandardCharsets.UTF_8);
        String header = signature.sign(body);
        // the HMAC-SHA256 of Meta's documentation example shape: "sha256=" and 64 lower-case hex digits
        assertThat(header).matches("sha256=[0-9a-f]{64}");
        assertThat(signature.verify(body, header)).isEqualTo(WhatsAppSignature.Verdict.VALID);
        assertThat(signature.verify(body, header.toUpperCase().replace("SHA256=", "sha256="))).isEqualTo(WhatsAppSignature.Verdict.VALID);
        byte[] changed = body.clone();
        changed[changed.length - 3] ^= 1;
        assertThat(signature.verify(changed, header)).isEqualTo(WhatsAppSignature.Verdict.WRONG);
        // the same text re-encoded (as a JSON library writing \\u escapes would) is other bytes: refused
        byte[] escaped = "{\"text\":\"Pak @lurah \\ud83d\\ude4f jalan ꦗꦭꦤ꧀ rusak\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify(escaped, header)).isEqualTo(WhatsAppSignature.Verdict.WRONG);
        assertThat(new WhatsAppSignature("other-secret").verify(body, header)).isEqualTo(WhatsAppSignature.Verdict.WRONG);
        assertThat(signature.verify(body, null)).isEqualTo(WhatsAppSignature.Verdict.MISSING);
        assertThat(signature.verify(body, "")).isEqualTo(WhatsAppSignature.Verdict.MISSING);
        assertThat(signature.verify(body, "sha1=" + header.substring(7))).isEqualTo(WhatsAppSignature.Verdict.MALFORMED);
        assertThat(signature.verify(body, "sha256=xyz")).isEqualTo(WhatsAppSignature.Verdict.MALFORMED);
        assertThat(signature.verify(body, header.substring(0, header.length() - 2))).isEqualTo(WhatsAppSignature.Verdict.WRONG);
    }

    @Test
    void knownAnswerOfTheHmac() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(new WhatsAppSignature("Jefe").sign("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void waIdIsReadAsE164AndAnythingElseIsNoNumber() {
        assertThat(WhatsAppParts.e164("6281234567890")).contains("+6281234567890");
        assertThat(WhatsAppParts.e164("+6281234567890")).contains("+6281234567890");
        assertThat(WhatsAppParts.e164("16505551234")).contains("+16505551234");
        assertThat(WhatsAppParts.e164("081234567890")).isEmpty();
        assertThat(WhatsAppParts.e164("not-a-number")).isEmpty();
        assertThat(WhatsAppParts.e164(null)).isEmpty();
    }

    @Test
    void severalMessagesOfOneBodyAreSeparateEnvelopesEachReadOnItsOwn() throws Exception {
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{"
                + "\"contacts\":[{\"profile\":{\"name\":\"A\"},\"wa_id\":\"6281111111111\"},{\"profile\":{\"name\":\"B\"},\"wa_id\":\"6282222222222\"}],"
                + "\"messages\":[{\"from\":\"6282222222222\",\"id\":\"wamid.B\",\"timestamp\":\"1764489600\",\"type\":\"text\",\"text\":{\"body\":\"dari B\"}},"
                + "{\"from\":\"6281111111111\",\"id\":\"wamid.A\",\"timestamp\":\"1764489601\",\"type\":\"location\",\"location\":{\"latitude\":-8.58,\"longitude\":116.1}}],"
                + "\"statuses\":[{\"id\":\"wamid.OURS\",\"status\":\"failed\",\"recipient_id\":\"6281111111111\",\"errors\":[{\"code\":131047,\"title\":\"Re-engagement message\"}]}]"
                + "}}]}]}").getBytes(StandardCharsets.UTF_8);
        WhatsAppPayload.Parsed p = WhatsAppPayload.parse(body);
        assertThat(p.messages()).extracting(WhatsAppPayload.Inbound::wamid).containsExactly("wamid.B", "wamid.A");
        assertThat(p.statuses()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("failed");
            assertThat(WhatsAppReception.failedState(s.error())).isEqualTo("FAILED 131047");
        });
        ChatPart b = ((WhatsAppParts.Read.Part) WhatsAppParts.read(p.messages().get(0).envelope(), "wa", Instant.now())).part();
        assertThat(b.reporter().displayName()).isEqualTo("B");
        assertThat(b.conversationKey()).isEqualTo("whatsapp:+6282222222222");
        assertThat(b.text()).isEqualTo("dari B");
        ChatPart a = ((WhatsAppParts.Read.Part) WhatsAppParts.read(p.messages().get(1).envelope(), "wa", Instant.now())).part();
        assertThat(a.reporter().displayName()).isEqualTo("A");
        assertThat(a.location().latitude()).isEqualTo(-8.58);
        assertThat(a.receivedAt()).isEqualTo(Instant.ofEpochSecond(1764489601));
    }

    @Test
    void aTimestampInTheFutureIsTakenAsTheArrival() throws Exception {
        Instant now = Instant.parse("2025-11-30T08:00:00Z");
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{"
                + "\"messages\":[{\"from\":\"6281111111111\",\"id\":\"wamid.F\",\"timestamp\":\"4102444800\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}]}}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        ChatPart part = ((WhatsAppParts.Read.Part) WhatsAppParts.read(WhatsAppPayload.parse(body).messages().get(0).envelope(), "wa", now)).part();
        assertThat(part.receivedAt()).isEqualTo(now);
        assertThat(part.reporter().displayName()).isNull();
    }

    private static byte[] body(String messages) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{"
                + "\"contacts\":[{\"profile\":{\"name\":\"Ani\\u0000 \\udc00\"},\"wa_id\":\"6281111111111\"}],"
                + "\"messages\":[" + messages + "]}}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One message of a batch that cannot be used is quarantined alone and the others are kept: a message without id
     * made the whole body Malformed before, so the good message beside it never became a complaint. A timestamp past
     * what an Instant holds threw (503 on every retry of Meta's); a NUL or lone surrogate in the text or profile name
     * failed the PostgreSQL insert the same way.
     */
    @Test
    void aBadMessageInABatchIsInvalidAloneAndTheGoodOnesAreKept() throws Exception {
        Instant now = Instant.parse("2025-11-30T08:00:00Z");
        String good = "{\"from\":\"6281111111111\",\"id\":\"wamid.G\",\"timestamp\":\"99999999999999999\",\"type\":\"text\","
                + "\"text\":{\"body\":\"Sampah\\u0000 menumpuk \\ud800di pasar\"}}";
        String noId = "{\"from\":\"6281111111111\",\"timestamp\":\"1764489600\",\"type\":\"text\",\"text\":{\"body\":\"tanpa id\"}}";
        String longId = "{\"from\":\"6281111111111\",\"id\":\"wamid." + "A".repeat(300) + "\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}";
        WhatsAppPayload.Parsed p = WhatsAppPayload.parse(body(good + "," + noId + ",\"not a message\"," + longId));
        assertThat(p.messages()).hasSize(4);
        assertThat(p.messages()).extracting(in -> WhatsAppParts.read(in, "wa", now)).satisfiesExactly(
                r -> assertThat(((WhatsAppParts.Read.Part) r).part()).satisfies(part -> {
                    assertThat(part.text()).isEqualTo("Sampah menumpuk di pasar");
                    assertThat(part.reporter().displayName()).isEqualTo("Ani ");
                    assertThat(part.receivedAt()).isEqualTo(now);
                }),
                r -> assertThat(r).isEqualTo(new WhatsAppParts.Read.Invalid(ReasonClass.PARSE, "message without id")),
                r -> assertThat(r).isEqualTo(new WhatsAppParts.Read.Invalid(ReasonClass.PARSE, "WhatsApp message is not an object")),
                r -> assertThat(r).isEqualTo(new WhatsAppParts.Read.Invalid(ReasonClass.PARSE, "message id longer than 200 characters")));
        // each is quarantined with its own envelope, which holds that message alone
        assertThat(new String(p.messages().get(1).envelope(), StandardCharsets.UTF_8)).contains("tanpa id").doesNotContain("Sampah");
        // a list reply without title is its description, not "null — …"
        String list = "{\"from\":\"6281111111111\",\"id\":\"wamid.L\",\"type\":\"interactive\","
                + "\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"r1\",\"description\":\"Jalan rusak\"}}}";
        assertThat(((WhatsAppParts.Read.Part) WhatsAppParts.read(WhatsAppPayload.parse(body(list)).messages().get(0), "wa", now)).part().text())
                .isEqualTo("Jalan rusak");
        // messages as an object is the body's fault: quarantined whole, not cut into one "message" per field
        byte[] object = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{"
                + "\"messages\":" + good + "}}]}]}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WhatsAppPayload.parse(object)).isInstanceOf(WhatsAppPayload.Malformed.class).hasMessage("messages is not an array");
    }

    /** Jackson's message quotes the input around the error; the reason (logged, shown) says only what and where. */
    @Test
    void anUnreadableBodysReasonNamesTheErrorAndItsPlaceNotTheCitizensWords() {
        byte[] token = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"x\":Budi081234567890}]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WhatsAppPayload.parse(token)).isInstanceOf(WhatsAppPayload.Malformed.class)
                .hasMessage("not JSON (JsonParseException at byte 69)");
        byte[] twice = body("{\"from\":\"6281111111111\",\"id\":\"wamid.D\",\"type\":\"text\",\"text\":{\"body\":\"a\",\"body\":\"b\"}}");
        assertThatThrownBy(() -> WhatsAppPayload.parse(twice)).isInstanceOf(WhatsAppPayload.Malformed.class)
                .hasMessageStartingWith("not JSON (a key twice in one object at byte ");
    }

    @Test
    void theShippedSettingsAreValidAndAnEnabledChannelWithoutItsSecretsNamesEachVariable() {
        Validator v = Validation.buildDefaultValidatorFactory().getValidator();
        WhatsAppProperties shipped = ChannelConfig.load("whatsapp", WhatsAppProperties.class);
        assertThat(shipped.enabled()).as("off unless switched on").isFalse();
        assertThat(shipped.graphBaseUrl()).isEqualTo("https://graph.facebook.com");
        assertThat(shipped.conversation().quietPeriod()).hasSeconds(90);
        assertThat(v.validate(shipped)).isEmpty();
        WhatsAppProperties enabled = new WhatsAppProperties(true, shipped.instance(), shipped.graphBaseUrl(), shipped.apiVersion(),
                null, "", null, " ", shipped.maxBodyBytes(), shipped.connectTimeout(), shipped.requestTimeout(), shipped.media(),
                shipped.conversation(), shipped.allowedTypes(), shipped.replies());
        Set<String> messages = v.validate(enabled).stream().map(ConstraintViolation::getMessage).collect(Collectors.toSet());
        assertThat(messages).anyMatch(m -> m.contains("WHATSAPP_ACCESS_TOKEN"))
                .anyMatch(m -> m.contains("WHATSAPP_APP_SECRET"))
                .anyMatch(m -> m.contains("WHATSAPP_VERIFY_TOKEN"))
                .anyMatch(m -> m.contains("WHATSAPP_PHONE_NUMBER_ID"));
        assertThat(shipped.graphRoot()).isEqualTo("https://graph.facebook.com/" + shipped.apiVersion() + "/");
    }

    @Test
    void repliesGoOnlyToWhatsAppNumbers() {
        assertThat(WhatsAppReplyChannel.waId("whatsapp:+6281234567890")).contains("6281234567890");
        assertThat(WhatsAppReplyChannel.waId("tel:+6281234567890")).isEmpty();
        assertThat(WhatsAppReplyChannel.waId("whatsapp:6281234567890")).isEmpty();
    }

    @Test
    void aStatusUpdateFitsWhenTheFilledInStatusTemplateBodyKeepsWithinMetasLimit() {
        // Meta's 1,024 characters are for the whole body: 200 for the template's own words, 9 for the ticket, 815 for the text
        WhatsAppProperties shipped = ChannelConfig.load("whatsapp", WhatsAppProperties.class);
        WhatsAppReplyChannel channel = new WhatsAppReplyChannel(null, null, null, shipped.replies(), Clock.systemUTC());
        assertThat(WhatsAppReplyChannel.TEMPLATE_PARAMETER_MAX).isEqualTo(815);
        assertThat(channel.fits("a".repeat(815))).isTrue();
        assertThat(channel.fits("a".repeat(816))).isFalse();
        // line breaks become one space in the parameter, so they do not count twice
        assertThat(channel.fits("a".repeat(407) + "\n\n" + "b".repeat(407))).isTrue();
    }
}

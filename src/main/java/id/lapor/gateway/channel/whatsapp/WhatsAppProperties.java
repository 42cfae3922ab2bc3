package id.lapor.gateway.channel.whatsapp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code channel-config/whatsapp.yaml}: the WhatsApp Cloud API channel (Meta Graph API, webhook in,
 * {@code POST /{phone-number-id}/messages} out). The three secrets come only from the environment
 * ({@code WHATSAPP_ACCESS_TOKEN}, {@code WHATSAPP_APP_SECRET}, {@code WHATSAPP_VERIFY_TOKEN}); start-up
 * fails naming the missing one when the channel is enabled.
 *
 * @param instance      canonical {@code source.instance} of this intake point
 * @param graphBaseUrl  Graph API base, {@code https://graph.facebook.com} (a simulator in tests)
 * @param apiVersion    Graph API version path segment, for example {@code v21.0}
 * @param phoneNumberId the business phone number's id in the Meta app (replies are sent from it)
 * @param accessToken   system-user access token (Bearer) for media and messages
 * @param appSecret     the Meta app secret: key of the {@code X-Hub-Signature-256} HMAC of every webhook POST
 * @param verifyToken   the token typed into the Meta app when the webhook is registered (GET handshake)
 * @param maxBodyBytes  webhook bodies larger than this are refused (413) before they are verified
 * @param allowedTypes  media types (detected from the bytes) a complaint keeps; others are left out and flagged
 */
@Validated
@ConfigurationProperties("channels.whatsapp")
public record WhatsAppProperties(
        boolean enabled,
        @NotBlank String instance,
        @NotBlank @Pattern(regexp = "https?://.+") String graphBaseUrl,
        @NotBlank @Pattern(regexp = "v\\d+\\.\\d+") String apiVersion,
        String phoneNumberId,
        String accessToken,
        String appSecret,
        String verifyToken,
        @Min(1024) int maxBodyBytes,
        @NotNull Duration connectTimeout,
        @NotNull Duration requestTimeout,
        @Valid @NotNull Media media,
        @Valid @NotNull Conversation conversation,
        @NotEmpty List<String> allowedTypes,
        @Valid @NotNull Replies replies) {

    /**
     * @param maxTries       a download that keeps failing temporarily (5xx, reset, timeout) is flagged unavailable after this many
     * @param retryDelay     the first retry's delay, doubled after each further try
     * @param maxBytes       larger media is left out and flagged (TOO_LARGE), the complaint kept
     * @param maxAttachments most attachments one complaint keeps
     * @param maxTotalBytes  most attachment bytes one complaint keeps
     */
    public record Media(@Min(1) int maxTries, @NotNull Duration retryDelay, @Min(1) long maxBytes, @Min(0) int maxAttachments,
                        @Min(1) long maxTotalBytes) {}

    /**
     * @param quietPeriod messages of one chat within this of each other become one complaint
     * @param mediaWait   the text never waits longer than this after the last message for its media
     */
    public record Conversation(@NotNull Duration quietPeriod, @NotNull Duration mediaWait) {}

    /**
     * @param freeTextWindow free text only within this of the citizen's last message (Meta: 24 hours); a template after it
     * @param template       the approved message template sent outside that window, its one body parameter the ticket
     * @param statusTemplate the approved template a status update (citizen_reply kind STATUS_UPDATE) goes out by outside
     *                       that window, its two body parameters the ticket and the update's text (line breaks made
     *                       spaces, at most {@link WhatsAppReplyChannel#TEMPLATE_PARAMETER_MAX} characters, so the filled-in body keeps within Meta's 1,024); when absent
     *                       such an update outside the window fails instead of going out as the acknowledgement template
     * @param templates      Indonesian texts: ack, status, status-lapor, unknown-ticket, not-found, help;
     *                       placeholders {ticket}, {status}, {lapor_id}
     */
    public record Replies(
            boolean enabled,
            @NotNull Duration ackWindow,
            @NotNull Duration commandWindow,
            @Min(1) int ratePerSecond,
            @Min(1) int maxAttempts,
            @NotNull Duration retryDelay,
            @NotNull Duration pollInterval,
            @NotNull Duration freeTextWindow,
            @Valid @NotNull Template template,
            @Valid Template statusTemplate,
            @NotEmpty Map<String, String> templates,
            @NotEmpty Map<String, String> statusNames) {}

    /** An approved WhatsApp message template: its name and language code as registered with Meta. */
    public record Template(@NotBlank String name, @NotBlank String language) {}

    @AssertTrue(message = "channels.whatsapp.access-token is required when the WhatsApp channel is enabled: set the environment variable WHATSAPP_ACCESS_TOKEN to the Meta system-user access token")
    public boolean isAccessTokenPresentWhenEnabled() {
        return !enabled || present(accessToken);
    }

    @AssertTrue(message = "channels.whatsapp.app-secret is required when the WhatsApp channel is enabled: set the environment variable WHATSAPP_APP_SECRET to the Meta app secret (it signs every webhook)")
    public boolean isAppSecretPresentWhenEnabled() {
        return !enabled || present(appSecret);
    }

    @AssertTrue(message = "channels.whatsapp.verify-token is required when the WhatsApp channel is enabled: set the environment variable WHATSAPP_VERIFY_TOKEN to the token registered with the webhook in the Meta app")
    public boolean isVerifyTokenPresentWhenEnabled() {
        return !enabled || present(verifyToken);
    }

    @AssertTrue(message = "channels.whatsapp.phone-number-id is required when the WhatsApp channel is enabled: set WHATSAPP_PHONE_NUMBER_ID (the id of the business number in the Meta app)")
    public boolean isPhoneNumberIdPresentWhenEnabled() {
        return !enabled || present(phoneNumberId);
    }

    @AssertTrue(message = "channels.whatsapp.replies.templates must define ack, status, status-lapor, unknown-ticket, not-found and help")
    public boolean isEveryTemplatePresent() {
        return replies == null || replies.templates() == null
                || replies.templates().keySet().containsAll(id.lapor.gateway.channel.chat.ChatReplyTexts.REQUIRED);
    }

    /** {@code {graph-base-url}/{api-version}/}, without a doubled slash. */
    public String graphRoot() {
        String base = graphBaseUrl.endsWith("/") ? graphBaseUrl.substring(0, graphBaseUrl.length() - 1) : graphBaseUrl;
        return base + "/" + apiVersion + "/";
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}

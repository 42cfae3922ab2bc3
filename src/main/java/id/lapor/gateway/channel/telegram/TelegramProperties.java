package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.channel.chat.ChatReplyTexts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code channel-config/telegram.yaml}: the Telegram bot (Bot API, https://core.telegram.org/bots/api).
 * Secrets only from the environment: {@code TELEGRAM_BOT_TOKEN} (required when enabled) and
 * {@code TELEGRAM_WEBHOOK_SECRET} (required in webhook mode); start-up fails naming the variable.
 *
 * @param mode         POLLING (getUpdates long polling on one node; no public URL needed) or WEBHOOK
 *                     (POST /webhooks/telegram with the secret_token header)
 * @param baseUrl      the Bot API base, {@code https://api.telegram.org}; a local Bot API server or the simulator can stand in
 * @param token        the bot token ({@code TELEGRAM_BOT_TOKEN})
 * @param webhookSecret the setWebhook {@code secret_token} ({@code TELEGRAM_WEBHOOK_SECRET}): 1-256 of A-Z a-z 0-9 _ -
 * @param pollTimeout  getUpdates {@code timeout} (long polling; Telegram holds the request up to this when there is nothing)
 * @param limit        getUpdates {@code limit}: 1-100 updates per batch
 * @param pollInterval pause between two getUpdates calls
 * @param webhookUrl   in webhook mode, the public URL registered with setWebhook at start-up; empty: registered by the operator
 * @param maxBodyBytes a webhook request body larger than this is refused (413) without being read further; checked after
 *                     the secret, so a caller without it never makes the gateway read a body at all (one update is a few KB)
 */
@Validated
@ConfigurationProperties("channels.telegram")
public record TelegramProperties(
        boolean enabled,
        @NotNull Mode mode,
        @NotBlank String instance,
        @NotBlank String baseUrl,
        String token,
        String webhookSecret,
        String webhookUrl,
        @Min(1024) int maxBodyBytes,
        @NotNull Duration pollTimeout,
        @Min(1) @Max(100) int limit,
        @NotNull Duration pollInterval,
        @NotNull Duration connectTimeout,
        @NotNull Duration requestTimeout,
        @Valid @NotNull Conversation conversation,
        @Valid @NotNull Media media,
        @NotEmpty List<String> allowedTypes,
        @Valid @NotNull Replies replies) {

    /** How updates arrive. */
    public enum Mode { POLLING, WEBHOOK }

    /**
     * @param quietPeriod a conversation becomes one complaint once its chat was quiet this long (default 90 s)
     * @param mediaWait   media still not fetched this long after the last part are flagged unavailable; the text goes on
     */
    public record Conversation(@NotNull Duration quietPeriod, @NotNull Duration mediaWait) {}

    /**
     * @param maxBytes      larger files are left out and flagged TOO_LARGE (the Bot API serves at most 20 MB by getFile)
     * @param maxAttempts   tries of a file before it is flagged unavailable
     * @param retryDelay    first retry's delay after a temporary failure (doubles)
     * @param maxAttachments most attachments kept per complaint
     * @param maxTotalBytes most attachment bytes kept per complaint
     */
    public record Media(@Min(1) long maxBytes, @Min(1) int maxAttempts, @NotNull Duration retryDelay,
                        @Min(0) int maxAttachments, @Min(1) long maxTotalBytes) {}

    /**
     * @param ratePerSecond sendMessage calls per second (the Bot API allows about 30 per second to different chats)
     * @param templates     Indonesian texts: ack, status, status-lapor, unknown-ticket, not-found, help
     */
    public record Replies(boolean enabled, @NotNull Duration ackWindow, @NotNull Duration commandWindow, @Min(1) int ratePerSecond,
                          @Min(1) int maxAttempts, @NotNull Duration retryDelay, @NotNull Duration pollInterval,
                          @NotEmpty Map<String, String> templates, @NotEmpty Map<String, String> statusNames) {}

    @AssertTrue(message = "channels.telegram.token is required when the Telegram channel is enabled: set the environment variable TELEGRAM_BOT_TOKEN to the token BotFather gave")
    public boolean isTokenPresentWhenEnabled() {
        return !enabled || token != null && !token.isBlank();
    }

    @AssertTrue(message = "channels.telegram.webhook-secret is required in webhook mode: set the environment variable TELEGRAM_WEBHOOK_SECRET (1-256 characters A-Z, a-z, 0-9, _ and -), the secret_token given to setWebhook")
    public boolean isWebhookSecretPresentInWebhookMode() {
        if (!enabled || mode != Mode.WEBHOOK) return true;
        return webhookSecret != null && webhookSecret.matches("[A-Za-z0-9_-]{1,256}");
    }

    @AssertTrue(message = "channels.telegram.replies.templates must define " + ChatReplyTexts.TEMPLATES)
    public boolean isEveryTemplatePresent() {
        return replies == null || replies.templates() == null || replies.templates().keySet().containsAll(ChatReplyTexts.REQUIRED);
    }
}

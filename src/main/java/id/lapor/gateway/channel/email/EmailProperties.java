package id.lapor.gateway.channel.email;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
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
 * {@code channel-config/email.yaml}: the complaint mailbox (IMAP), acknowledgements (SMTP), limits
 * and the attachment allow-list. Passwords come only from the environment (EMAIL_IMAP_PASSWORD,
 * EMAIL_SMTP_PASSWORD); start-up fails naming them when the channel is enabled without them.
 */
@Validated
@ConfigurationProperties("channels.email")
public record EmailProperties(
        boolean enabled,
        @NotBlank String instance,
        @NotEmpty List<String> ownAddresses,
        @Valid @NotNull Imap imap,
        @Valid @NotNull Smtp smtp,
        @Valid @NotNull Limits limits,
        @NotEmpty List<String> allowedTypes,
        @NotNull List<String> genericSubjects,
        @Valid @NotNull Replies replies,
        @Valid @NotNull StatusUpdates statusUpdates) {

    /**
     * {@code channels.email.status-updates}: the status updates mailed when LAPOR! moves a complaint (texts in
     * channel-config/status-updates.yaml, wrapped in the {@code notice} template, subject as the acknowledgement's).
     *
     * @param enabled false: none are queued for e-mail complaints (counted as skipped_disabled)
     */
    public record StatusUpdates(boolean enabled) {}

    public record Imap(
            @NotNull @Pattern(regexp = "imaps?", message = "must be imap or imaps") String protocol,
            @NotBlank String host,
            @Min(1) @Max(65535) int port,
            @NotBlank String username,
            String password,
            @NotBlank String folder,
            @NotBlank String processedFolder,
            @NotBlank String quarantineFolder,
            @NotBlank String ignoredFolder,
            @NotNull Duration pollInterval,
            @Min(1) @Max(10000) int maxMessagesPerPoll,
            @Min(1) @Max(32) int workers,
            @Min(1) long maxBytesInFlight,
            @NotNull Duration connectionTimeout,
            @Min(1) @Max(100) int maxAttempts) {}

    public record Smtp(
            @NotNull @Pattern(regexp = "smtps?", message = "must be smtp or smtps") String protocol,
            @NotBlank String host,
            @Min(1) @Max(65535) int port,
            boolean startTls,
            String username,
            String password,
            @NotBlank String from,
            String fromName,
            @NotNull Duration timeout) {}

    public record Limits(
            @Min(1024) long maxMessageBytes,
            @Min(1) long maxAttachmentBytes,
            @Min(1) long maxAttachmentsBytes,
            @Min(0) int maxAttachments,
            @Min(200) @Max(100000) int maxTextChars,
            @Min(1) int archiveMaxEntries,
            @Min(1) long archiveMaxExpandedBytes,
            @Min(2) int archiveMaxRatio) {}

    /**
     * @param ackWindow        at most one acknowledgement per address within this
     * @param messageIdDomain  right-hand side of acknowledgement Message-IDs (threading reads the ticket from it)
     * @param noReplyPatterns  regular expressions on the lower-cased address: never acknowledged
     * @param templates        subject, ack, follow-up, dropped, dropped-item, name-unknown
     * @param droppedReasons   Indonesian text per reason an attachment was left out
     */
    public record Replies(
            boolean enabled,
            @NotNull Duration ackWindow,
            @Min(1) int maxAttempts,
            @NotNull Duration retryDelay,
            @NotNull Duration pollInterval,
            @NotBlank String messageIdDomain,
            @NotNull List<String> noReplyPatterns,
            @NotEmpty Map<String, String> templates,
            @NotEmpty Map<String, String> droppedReasons) {}

    @AssertTrue(message = "channels.email.imap.password is required when the email channel is enabled: set the environment variable EMAIL_IMAP_PASSWORD to the mailbox password")
    public boolean isImapPasswordPresentWhenEnabled() {
        return !enabled || imap == null || imap.password() != null && !imap.password().isBlank();
    }

    @AssertTrue(message = "channels.email.smtp.password is required when acknowledgements are sent with an SMTP user: set the environment variable EMAIL_SMTP_PASSWORD (or leave EMAIL_SMTP_USERNAME empty for a relay without authentication)")
    public boolean isSmtpPasswordPresentWhenNeeded() {
        if (!enabled || replies == null || !replies.enabled() || smtp == null) return true;
        return smtp.username() == null || smtp.username().isBlank() || smtp.password() != null && !smtp.password().isBlank();
    }

    @AssertTrue(message = "channels.email.replies.templates must define subject, ack, follow-up, dropped, dropped-item, name-unknown, notice and notice-subject")
    public boolean isEveryTemplatePresent() {
        return replies == null || replies.templates() == null
                || replies.templates().keySet().containsAll(List.of("subject", "ack", "follow-up", "dropped", "dropped-item", "name-unknown",
                "notice", "notice-subject"));
    }
}

package id.lapor.gateway.channel.sms;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code channel-config/sms.yaml}: the SMPP bind to the operator's SMSC, text parsing and replies.
 * The bind password comes only from the environment (SMS_SMPP_PASSWORD); start-up fails naming it
 * when the channel is enabled without it.
 */
@Validated
@ConfigurationProperties("channels.sms")
public record SmsProperties(
        boolean enabled,
        /* name of this intake point in canonical source.instance and of the Camel endpoint */
        @NotBlank String instance,
        @NotBlank String host,
        @Min(1) @Max(65535) int port,
        /* SMPP 3.4 limits: system_id 15, password 8, system_type 12 characters */
        @NotBlank @Size(max = 15) String systemId,
        @Size(max = 8, message = "SMPP passwords have at most 8 characters") String password,
        @Size(max = 12) String systemType,
        /* the number citizens text (LAPOR!'s is 1708); replies go out from it */
        @NotBlank String shortCode,
        @NotNull BindMode bindMode,
        @NotNull Duration enquireLinkInterval,
        @NotNull Duration transactionTimeout,
        @NotNull Duration reconnectInitialDelay,
        @NotNull Duration reconnectMaxDelay,
        /* jSMPP threads running the intake route; intake rate ≈ threads ÷ route latency */
        @Min(1) int pduProcessorDegree,
        /* PDUs read but not yet processed; beyond this jSMPP answers ESME_RTHROTTLED */
        @Min(1) int pduQueueCapacity,
        /* how data_coding 0 (SMSC default alphabet) is encoded by this operator's SMSC */
        @NotNull SmsTextDecoder.DefaultAlphabet defaultAlphabet,
        /* ISO 3166-1 region of sender numbers the SMSC declares national (TON 2) or leaves unknown (TON 0) */
        @NotBlank @jakarta.validation.constraints.Pattern(regexp = "[A-Z]{2}") String senderRegion,
        @NotEmpty List<String> keywords,
        /* a redelivered deliver_sm (same sender, destination, reference and text) within this is the same complaint */
        @NotNull Duration redeliveryWindow,
        /* longer text (message_payload can carry 64 KB) is quarantined as TOO_LARGE */
        @Min(160) int maxTextChars,
        /* a deliver_sm whose intake fails this many times in a row (for a reason of its own, not a store
           outage) is quarantined and answered ESME_ROK, so the SMSC stops redelivering it for ever */
        @Min(1) @Max(100) int maxAttempts,
        @Valid @NotNull Multipart multipart,
        @Valid @NotNull Replies replies,
        @Valid @NotNull StatusUpdates statusUpdates) {

    /**
     * {@code channels.sms.status-updates}: the status updates pushed when LAPOR! moves a complaint (texts in
     * channel-config/status-updates.yaml).
     *
     * @param enabled     false: none are queued for SMS complaints (counted as skipped_disabled)
     * @param maxSegments most SMS segments one update may take (153 GSM-7 or 67 UCS-2 characters each when concatenated);
     *                    LAPOR!'s note is cut to fit, the texts without a note must fit (checked at start-up)
     */
    public record StatusUpdates(boolean enabled, @Min(1) @Max(10) int maxSegments) {}

    /** TRANSCEIVER: one bind for both directions; RECEIVER_TRANSMITTER: a receiver and a transmitter bind. */
    public enum BindMode { TRANSCEIVER, RECEIVER_TRANSMITTER }

    /**
     * @param timeout        after this the parts received become one complaint flagged SMS_INCOMPLETE
     * @param maxParts       a header claiming more parts than this is rejected (GSM allows 255)
     * @param sweepInterval  how often expired part sets are looked for
     */
    public record Multipart(@NotNull Duration timeout, @Min(2) @Max(255) int maxParts, @NotNull Duration sweepInterval) {}

    /**
     * @param ackWindow       at most one ticket acknowledgement per recipient within this
     * @param commandWindow   the same status or help answer at most once per recipient within this
     * @param ratePerSecond   outbound submit_sm per second per bind
     * @param templates       Indonesian texts: ack, status, status-lapor, unknown-ticket, not-found, help;
     *                        placeholders {ticket}, {status}, {lapor_id}, {short_code}
     * @param statusNames     what each ComplaintStatus is called in a reply
     * @param receiptGrace    a delivery receipt for a message id no reply has gets a temporary error for this long after
     *                        its first sighting (it may be racing its submit_sm_resp), then it is acknowledged and counted
     *                        as ignored
     */
    public record Replies(
            boolean enabled,
            @NotNull Duration ackWindow,
            /* the same CEK/INFO answer goes to one number at most once within this */
            @NotNull Duration commandWindow,
            @Min(1) int ratePerSecond,
            @Min(1) int maxAttempts,
            @NotNull Duration retryDelay,
            @NotNull Duration pollInterval,
            @NotEmpty Map<String, String> templates,
            @NotEmpty Map<String, String> statusNames,
            @NotNull Duration receiptGrace) {}

    @AssertTrue(message = "channels.sms.password is required when the SMS channel is enabled: set the environment variable SMS_SMPP_PASSWORD to the bind password the operator issued")
    public boolean isPasswordPresentWhenEnabled() {
        return !enabled || password != null && !password.isBlank();
    }

    @AssertTrue(message = "channels.sms.replies.templates must define ack, status, status-lapor, unknown-ticket, not-found and help")
    public boolean isEveryTemplatePresent() {
        return replies == null || replies.templates() == null
                || replies.templates().keySet().containsAll(List.of("ack", "status", "status-lapor", "unknown-ticket", "not-found", "help"));
    }
}

package id.lapor.gateway.reply;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code channel-config/status-updates.yaml}: the Indonesian texts of the status updates pushed to citizens and of the
 * BERHENTI / MULAI confirmations, for every channel that replies, with shorter texts per channel where one needs them
 * (SMS is paid per segment). Which channels send them is each channel's {@code channels.<channel>.status-updates.enabled}.
 *
 * @param texts        one template per status the citizen is told (the statuses listed here are the ones told; shipped:
 *                     VERIFIED, IN_PROGRESS, COMPLETED, REJECTED); placeholders {@code {ticket}}, {@code {lapor_id}}
 *                     (LAPOR!'s tracking number, empty when unknown)
 * @param note         appended when LAPOR!'s latest log entry has a note (its follow-up, tindak lanjut); placeholder
 *                     {@code {note}}; the note is cut to fit the channel ({@link ReplyChannel#fits})
 * @param stopped      the answer to BERHENTI / STOP
 * @param resumed      the answer to MULAI / START
 * @param channelTexts per channel key ({@code sms}, {@code email}, {@code telegram}, {@code whatsapp}): texts that
 *                     replace the ones above for that channel; any of them may be left out
 */
@Validated
@ConfigurationProperties("status-updates")
public record StatusUpdateProperties(
        @NotEmpty Map<ComplaintStatus, String> texts,
        @NotBlank String note,
        @NotBlank String stopped,
        @NotBlank String resumed,
        @Valid Map<String, ChannelTexts> channelTexts) {

    /** One channel's own texts; null or absent entries fall back to the shared ones. */
    public record ChannelTexts(Map<ComplaintStatus, String> texts, String note, String stopped, String resumed) {}

    public StatusUpdateProperties {
        channelTexts = channelTexts == null ? Map.of() : channelTexts;
    }

    /** A channel's texts, or none. */
    public ChannelTexts of(Channel channel) {
        ChannelTexts t = channelTexts.get(channel.key());
        return t == null ? new ChannelTexts(Map.of(), null, null, null) : t;
    }

    @AssertTrue(message = "status-updates.channel-texts keys must be channel names: sms, email, letter, telegram, whatsapp, social")
    public boolean isEveryChannelTextsKeyAChannel() {
        return channelTexts.keySet().stream().allMatch(k -> Arrays.stream(Channel.values()).anyMatch(c -> c.key().equals(k)));
    }

    @AssertTrue(message = "status-updates.texts may only name statuses LAPOR! moves a complaint to: FORWARDED, VERIFIED, IN_PROGRESS, COMPLETED, ARCHIVED, REJECTED")
    public boolean isEveryToldStatusALaporStatus() {
        return texts == null || texts.keySet().stream().allMatch(StatusUpdateDecision.LAPOR_STATUSES::contains);
    }

    @AssertTrue(message = "status-updates.note must contain {note}")
    public boolean isNotePlaceholderPresent() {
        return note == null || note.contains("{note}");
    }
}

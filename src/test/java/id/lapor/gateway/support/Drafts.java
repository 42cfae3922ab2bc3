package id.lapor.gateway.support;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;

import java.util.List;
import java.util.UUID;

/** Complaint drafts as a channel would hand them to intake. */
public final class Drafts {

    private Drafts() {}

    public static String uniquePhone() {
        long n = Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000L;
        return String.format("+62812%08d", n);
    }

    public static ComplaintDraft sms(String phone, String externalId, String text) {
        return sms(phone, externalId, text, List.of());
    }

    public static ComplaintDraft sms(String phone, String externalId, String text, List<ComplaintDraft.AttachmentContent> attachments) {
        return ComplaintDraft.of(Channel.SMS, "tel:" + phone).instance("smsc-test").externalId(externalId)
                .reporter(new Complaint.Reporter(null, phone, null, "tel:" + phone, false, false)).content(text).language("id")
                .attachments(attachments).flags(List.of()).build();
    }
}

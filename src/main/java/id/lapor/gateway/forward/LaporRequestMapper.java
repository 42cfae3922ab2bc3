package id.lapor.gateway.forward;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.CategoryLexicon;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the body of {@code POST /complaints/complaint} from a canonical complaint.
 * Anonymous reporters' names never leave the gateway; phone numbers and e-mail addresses are never
 * sent (the report may be public); the gateway ticket is in the text and in the tags so a LAPOR!
 * admin can find the original.
 */
public class LaporRequestMapper {

    /** The complaint cannot be mapped (for example no channel code configured): a permanent problem of ours. */
    public static class UnmappableException extends RuntimeException {
        public UnmappableException(String message) {
            super(message);
        }
    }

    private final LaporProperties props;
    private final CategoryLexicon categories;
    private final ZoneId zone;

    public LaporRequestMapper(LaporProperties props, CategoryLexicon categories, ZoneId zone) {
        this.props = props;
        this.categories = categories;
        this.zone = zone;
    }

    /** @param originalLaporId for a follow-up, the LAPOR! tracking id of the complaint it follows up, when known */
    public Map<String, Object> toCreateBody(Complaint c, List<Long> uploadIds, Long originalLaporId) {
        Integer channelCode = props.channelCode(c.channel().key());
        if (channelCode == null) {
            throw new UnmappableException("no lapor.channel-codes." + c.channel().key() + " configured");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", c.title());
        body.put("content", content(c, originalLaporId));
        body.put("channel", channelCode);
        body.put("user_id", props.userId());
        body.put("classification_id", props.classificationId());
        body.put("category_id", categories.entry(c.category().code()).laporCategoryId());
        body.put("disposition_id", c.disposition().institutionId());
        body.put("location_id", props.locationId());
        Instant when = c.occurredAt() != null ? c.occurredAt() : c.receivedAt();
        body.put("date_of_incident", when.atZone(zone).toLocalDate().toString());
        body.put("is_anonymous", c.reporter().anonymous());
        body.put("is_secret", c.reporter().confidential());
        body.put("is_priority", false);
        body.put("tags_raw", "gateway," + c.channel().key() + "," + c.ticket() + (c.followUpOf() == null ? "" : "," + c.followUpOf()));
        // LAPOR! v3 takes the upload ids as a string holding a JSON array
        body.put("attachments", uploadIds.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        return body;
    }

    static String content(Complaint c, Long originalLaporId) {
        StringBuilder sb = new StringBuilder(c.content());
        sb.append("\n\n---\n");
        String source = c.source().externalId();
        if (source != null && (source.startsWith("https://") || source.startsWith("http://"))) sb.append("Sumber: ").append(source).append('\n');
        if (c.location() != null && c.location().text() != null) sb.append("Lokasi: ").append(c.location().text()).append('\n');
        if (!c.reporter().anonymous() && c.reporter().name() != null) sb.append("Pelapor: ").append(c.reporter().name()).append('\n');
        if (c.followUpOf() != null) {
            sb.append("Tindak lanjut dari tiket ").append(c.followUpOf());
            if (originalLaporId != null) sb.append(" (LAPOR! #").append(originalLaporId).append(')');
            sb.append('\n');
        }
        sb.append("Diterima melalui kanal ").append(c.channel().name()).append(", tiket gateway ").append(c.ticket());
        return sb.toString();
    }
}

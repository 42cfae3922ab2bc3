package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.intake.Ledger;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * When each citizen last wrote to the business number (table {@code whatsapp_contact}): the start of
 * Meta's 24-hour customer service window, in which free text may be sent; outside it only an approved
 * template (WhatsApp Business Platform, "Customer service windows").
 */
public class WhatsAppContacts {

    private final NamedParameterJdbcTemplate jdbc;

    public WhatsAppContacts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a message from {@code waId} at {@code at}; an earlier instant never moves the window back. Commits on its own. */
    public void inbound(String waId, Instant at) {
        MapSqlParameterSource p = new MapSqlParameterSource("wa", waId).addValue("at", Ledger.ts(at));
        String update = "UPDATE whatsapp_contact SET last_inbound_at = :at WHERE wa_id = :wa AND last_inbound_at < :at";
        if (jdbc.update(update, p) > 0) return;
        if (lastInbound(waId).isPresent()) return;
        try {
            jdbc.update("INSERT INTO whatsapp_contact (wa_id, last_inbound_at) VALUES (:wa, :at)", p);
        } catch (DuplicateKeyException raced) {
            jdbc.update(update, p);
        }
    }

    /** When {@code waId} last wrote, if ever. */
    public Optional<Instant> lastInbound(String waId) {
        return jdbc.query("SELECT last_inbound_at FROM whatsapp_contact WHERE wa_id = :wa", new MapSqlParameterSource("wa", waId),
                (rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant()).stream().findFirst();
    }
}

package id.lapor.gateway.channel.whatsapp;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * When a citizen last wrote to the business number: the start of Meta's 24-hour customer service window, in
 * which free text may be sent; outside it only an approved template (WhatsApp Business Platform, "Customer
 * service windows"). Read from the chat core's stored messages ({@code chat_part}: every message that became a
 * conversation part or a command answered, with the time Meta gives it), through the index on (channel,
 * instance, conversation key), so receiving a message costs no write of its own. Reactions and stickers are not
 * stored and do not count: at worst a template goes out where free text would have been allowed, never the reverse.
 */
public class WhatsAppContacts {

    private final NamedParameterJdbcTemplate jdbc;

    public WhatsAppContacts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param instance the intake point the citizen wrote to ({@code channels.whatsapp.instance})
     * @param waId     the citizen's number, digits only
     * @return when they last wrote, if ever
     */
    public Optional<Instant> lastInbound(String instance, String waId) {
        OffsetDateTime t = jdbc.queryForObject("""
                SELECT MAX(received_at) FROM chat_part
                WHERE channel = 'WHATSAPP' AND instance = :instance AND conversation_key = :key""",
                new MapSqlParameterSource("instance", instance).addValue("key", "whatsapp:+" + waId), OffsetDateTime.class);
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }
}

package id.lapor.gateway.reply;

import id.lapor.gateway.complaint.Channel;

/**
 * One row of {@code citizen_reply} that a {@link ReplyLoop} has claimed and hands to its {@link ReplyChannel}.
 *
 * @param id        the row's id
 * @param channel   the channel it goes out on
 * @param instance  the intake point it came in by (the SMPP bind's name, the mailbox): the channel may answer from it
 * @param recipient the citizen's address as intake keeps it: {@code tel:+62…} (E.164) or {@code mailto:…}
 * @param kind      acknowledgement, status answer or help
 * @param ticket    the complaint's ticket (null for help and for a status query naming no valid ticket)
 * @param body      the text to send; null for ACK rows, whose text the channel renders when it sends
 * @param attempts  this attempt's number, 1 for the first (the claim counted it before the send)
 */
public record CitizenReply(long id, Channel channel, String instance, String recipient, CitizenReplies.Kind kind, String ticket,
                           String body, int attempts) {}

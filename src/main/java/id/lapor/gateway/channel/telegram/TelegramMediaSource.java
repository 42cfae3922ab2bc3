package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.channel.chat.ChatMedia;
import id.lapor.gateway.channel.chat.ChatMediaSource;
import id.lapor.gateway.complaint.Channel;

/**
 * Telegram's media: {@code getFile(file_id)} gives a {@code file_path}, downloaded from
 * {@code <base-url>/file/bot<token>/<file_path>} (Bot API "getFile": the link is valid for at least an
 * hour and the Bot API serves files of at most 20 MB). 5xx, 429 and I/O failures are temporary; a 4xx
 * (unknown or expired file_id, 404 on the file) is permanent; a file over the limit is TOO_LARGE.
 */
public class TelegramMediaSource implements ChatMediaSource {

    private final TelegramBotApi api;

    public TelegramMediaSource(TelegramBotApi api) {
        this.api = api;
    }

    @Override
    public Channel channel() {
        return Channel.TELEGRAM;
    }

    @Override
    public Fetch fetch(String instance, ChatMedia media, long maxBytes) {
        try {
            return new Fetch.Fetched(api.download(api.filePath(media.fileId()), maxBytes));
        } catch (TelegramBotApi.ApiException e) {
            if (e.status() == 413) return new Fetch.Permanent("TOO_LARGE: " + e.getMessage());
            if (e.temporary()) return new Fetch.Temporary(e.getMessage());
            return new Fetch.Permanent((e.status() == 404 ? "NOT_FOUND: " : "REFUSED: ") + e.getMessage());
        }
    }
}

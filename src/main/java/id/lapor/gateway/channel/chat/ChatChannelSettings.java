package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;

import java.time.Duration;
import java.util.Objects;

/**
 * What the chat core needs to know of one chat channel; each chat channel declares one bean of this
 * type (from its {@code channel-config/<channel>.yaml}), and {@link ChatSweeper} and {@link ChatMediaFetcher}
 * serve every such bean.
 *
 * @param channel          TELEGRAM or WHATSAPP
 * @param enabled          false: nothing of this channel is closed or fetched
 * @param quietPeriod      {@code conversation.quiet-period}: a conversation closes once its last part is this old (default 90 s)
 * @param mediaWait        a conversation whose media are still PENDING closes anyway once its last part is this old, the
 *                         pending ones flagged unavailable (the text is never held back longer)
 * @param mediaMaxAttempts tries of one media item before it is flagged unavailable
 * @param mediaRetryDelay  the first retry's delay after a temporary failure; doubles each try
 * @param maxMediaBytes    media larger than this (declared or read) are left out and flagged TOO_LARGE
 * @param helpText         what a greeting-only conversation is answered with (Indonesian); null: no answer
 */
public record ChatChannelSettings(Channel channel, boolean enabled, Duration quietPeriod, Duration mediaWait,
                                  int mediaMaxAttempts, Duration mediaRetryDelay, long maxMediaBytes, String helpText) {
    public ChatChannelSettings {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(mediaWait, "mediaWait");
        Objects.requireNonNull(mediaRetryDelay, "mediaRetryDelay");
        if (mediaMaxAttempts < 1) throw new IllegalArgumentException("mediaMaxAttempts must be at least 1");
    }
}

package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;

/** A channel's normaliser as quarantine replay sees it: raw bytes in, a normalisation out. */
public interface ChannelReplayer {

    Channel channel();

    Normalisation normaliseRaw(byte[] raw, String instance);
}

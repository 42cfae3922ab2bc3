package id.lapor.gateway.channel.chat;

/** A shared location in WGS 84 degrees (Bot API {@code Location}, WhatsApp {@code location}). */
public record ChatLocation(double latitude, double longitude) {}

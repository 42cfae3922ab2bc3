package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.ComplaintDraft;

/** Body of {@code direct:complaint-intake}: the normalised draft and the raw input it came from. */
public record IntakeRequest(ComplaintDraft draft, byte[] raw, String rawMediaType) {}

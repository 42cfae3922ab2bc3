package id.lapor.gateway.channel.letter;

import id.lapor.gateway.complaint.Normalisation.ReasonClass;

/** A file that cannot become a letter's text: why, in words an operator acts on. */
public class UnreadableLetter extends Exception {

    private final ReasonClass reasonClass;

    public UnreadableLetter(ReasonClass reasonClass, String reason) {
        super(reason);
        this.reasonClass = reasonClass;
    }

    public ReasonClass reasonClass() {
        return reasonClass;
    }
}

package id.lapor.gateway.demo;

import id.lapor.gateway.channel.letter.LetterProperties;
import id.lapor.gateway.simulator.LetterTraffic;

import java.nio.file.Path;

/** Demo mode: a sample scanned or typed letter into the letters inbox per tick, when the channel is on. */
public class DemoLetters {

    private final LetterProperties props;
    private final LetterTraffic traffic;

    public DemoLetters(LetterProperties props) {
        this.props = props;
        this.traffic = new LetterTraffic(Path.of(props.inbox().dir()));
    }

    public void next() {
        if (props.enabled() && props.inbox().watch()) traffic.next();
    }
}

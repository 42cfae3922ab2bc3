package id.lapor.gateway.demo;

import id.lapor.gateway.simulator.SmsTraffic;
import org.springframework.beans.factory.ObjectProvider;

/** Demo mode: one scripted citizen SMS per tick through the in-process SMSC simulator, if there is one. */
public class DemoSms {

    private final ObjectProvider<SmsTraffic> traffic;

    public DemoSms(ObjectProvider<SmsTraffic> traffic) {
        this.traffic = traffic;
    }

    public void next() throws Exception {
        SmsTraffic t = traffic.getIfAvailable();
        if (t != null) t.next();
    }
}

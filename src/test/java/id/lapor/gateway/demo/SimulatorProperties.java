package id.lapor.gateway.demo;

import java.time.Duration;

/**
 * {@code gateway.simulator.*} (demo profile only): the LAPOR! simulator, the SMSC simulator and the
 * mail server that run inside the demo gateway.
 *
 * @param port       LAPOR! v3 simulator's HTTP port (0 = any free port)
 * @param statusStep how long a simulated LAPOR! report stays in each status
 * @param smscPort   SMSC simulator's SMPP port (0 = no SMSC simulator)
 * @param imapPort   with smtpPort, the in-process mail server (0 = none)
 * @param smtpPort   the mail server's SMTP port
 * @param telegramPort the Telegram Bot API simulator's HTTP port (0 = none)
 */
public record SimulatorProperties(int port, Duration statusStep, int smscPort, int imapPort, int smtpPort, int telegramPort) {}

package id.lapor.gateway.demo;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code gateway.demo.*} (demo profile only, {@code application-demo.yaml} in the test tree): the
 * sample traffic of {@code bin/demo}. Posts, SMS and mail are fed every {@code feedInterval}, the
 * first {@code feedLimit} ticks each (the scripted set), then one every {@code trickleEvery} ticks;
 * letters likewise every {@code letterInterval}, {@code letterLimit} scripted.
 *
 * @param enabled        whether the demo routes start
 * @param feedInterval   timer period of posts, SMS and mail
 * @param letterInterval timer period of letters (OCR takes a few seconds a page)
 * @param feedLimit      scripted ticks of posts, SMS and mail
 * @param letterLimit    scripted ticks of letters
 * @param trickleEvery   after the scripted ticks, one tick in this many sends an item
 */
public record DemoProperties(boolean enabled, @NotNull Duration feedInterval, @NotNull Duration letterInterval,
                             @Min(0) int feedLimit, @Min(0) int letterLimit, @Min(1) int trickleEvery) {}

package id.lapor.gateway.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Group commit: callers hand in one item each and block; a writer thread takes whatever is waiting
 * (up to {@code maxBatch}) and stores it in ONE transaction, then answers every caller. When the
 * store is idle a lone item is written at once, so batching adds no wait; under load the items that
 * arrive while a commit is in flight share the next one, which is what makes a durable commit per
 * message affordable (one fsync for many acknowledgements).
 *
 * <p>There are several writers ("lanes"), each with its own connection, so one lane's fsync does not
 * hold up the others. An item goes to the lane of its partition key (the sender), so everything of
 * one sender is stored by one lane in arrival order: content dedup of one sender's messages never
 * races itself.
 *
 * <p>Each caller learns its result only after the commit that holds its item. If a batch transaction
 * fails on a constraint (a redelivery racing another node, a ticket collision) every item is retried
 * in a transaction of its own, so one bad item never fails the others; any other failure (store
 * down) fails every caller of that batch, none of which was acknowledged.
 *
 * <p>Used by intake ({@link ComplaintIntake}) and by the chat core's appends of webhook messages
 * ({@code ChatConversations}, which is why it is public).
 */
public final class GroupCommit<T, R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(5);

    private record Job<T, R>(T item, CompletableFuture<R> result) {}

    private final List<Lane> lanes = new ArrayList<>();
    private final int maxBatch;
    private final Function<List<T>, List<R>> storeBatch;
    private final Function<T, R> storeOne;
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * @param writers    number of lanes (threads, and connections while they commit)
     * @param storeBatch stores all items in one transaction; returns one result per item, in order
     * @param storeOne   stores one item in a transaction of its own (used alone and as the fallback)
     */
    public GroupCommit(String name, int writers, int maxBatch, int queueCapacity, Function<List<T>, List<R>> storeBatch,
                Function<T, R> storeOne) {
        if (writers < 1) throw new IllegalArgumentException("writers must be at least 1");
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
        this.maxBatch = maxBatch;
        this.storeBatch = storeBatch;
        this.storeOne = storeOne;
        for (int i = 0; i < writers; i++) lanes.add(new Lane(name + "-" + (i + 1), queueCapacity));
    }

    /** Stores the item in its partition's lane and returns its result once committed; throws what storing threw. */
    public R submit(T item, Object partitionKey) {
        Lane lane = lanes.get(Math.floorMod(partitionKey == null ? 0 : partitionKey.hashCode(), lanes.size()));
        Job<T, R> job = new Job<>(item, new CompletableFuture<>());
        try {
            // the read lock makes "not closed, then queued" one step: close() cannot slip in between,
            // so everything queued is seen by a writer, which drains its queue before it stops
            closing.readLock().lockInterruptibly();
            try {
                if (closed) throw new TransientDataAccessResourceException("intake is shutting down");
                if (!lane.queue.offer(job, OFFER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new TransientDataAccessResourceException("intake queue full for " + OFFER_TIMEOUT.toSeconds() + " s");
                }
            } finally {
                closing.readLock().unlock();
            }
            return job.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDataAccessResourceException("interrupted while waiting for the intake commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private final class Lane implements Runnable {
        final BlockingQueue<Job<T, R>> queue;
        final Thread thread;

        Lane(String name, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
            this.thread.start();
        }

        @Override
        public void run() {
            List<Job<T, R>> batch = new ArrayList<>(maxBatch);
            while (!closed || !queue.isEmpty()) {
                try {
                    Job<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    write(batch);
                } catch (InterruptedException e) {
                    if (closed) break;
                } catch (Throwable t) {
                    // write() answers every job itself; this only keeps the writer alive
                    log.error("intake writer failed", t);
                } finally {
                    batch.clear();
                }
            }
        }
    }

    private void write(List<Job<T, R>> batch) {
        if (batch.size() == 1) {
            writeAlone(batch.get(0));
            return;
        }
        List<R> results;
        try {
            results = storeBatch.apply(batch.stream().map(Job::item).toList());
        } catch (DataIntegrityViolationException e) {
            log.info("batch of {} hit a constraint ({}), storing each alone", batch.size(), e.getClass().getSimpleName());
            batch.forEach(this::writeAlone);
            return;
        } catch (Throwable t) {
            batch.forEach(j -> j.result().completeExceptionally(t));
            return;
        }
        for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(results.get(i));
    }

    private void writeAlone(Job<T, R> job) {
        try {
            job.result().complete(storeOne.apply(job.item()));
        } catch (Throwable t) {
            job.result().completeExceptionally(t);
        }
    }

    /** Stops taking items, writes what is queued, and waits for the writers (at most 10 s). */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Lane lane : lanes) {
            try {
                lane.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

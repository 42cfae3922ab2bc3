package id.lapor.gateway.intake;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group-commit decisions, without a database: what shares a transaction, what is retried alone, who is told what. */
class GroupCommitTest {

    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<String> alone = Collections.synchronizedList(new ArrayList<>());

    private List<String> storeBatch(List<String> items) {
        batches.add(List.copyOf(items));
        return items.stream().map(i -> "batch:" + i).toList();
    }

    private String storeOne(String item) {
        alone.add(item);
        return "alone:" + item;
    }

    @Test
    void itemsArrivingDuringACommitShareTheNextTransactionAndEachCallerGetsItsOwnResult() throws Exception {
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        try (GroupCommit<String, String> gc = new GroupCommit<>("t", 1, 64, 100, this::storeBatch, item -> {
            firstCommitStarted.countDown();
            await(releaseFirstCommit);
            return storeOne(item);
        })) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> gc.submit("a", "k"));
            assertThat(firstCommitStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<String>> later = new ArrayList<>();
            for (String s : List.of("b", "c", "d", "e")) later.add(queued(gc, s)); // behind the commit in flight
            releaseFirstCommit.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("alone:a");
            List<String> results = new ArrayList<>();
            for (CompletableFuture<String> f : later) results.add(f.get(5, TimeUnit.SECONDS));
            assertThat(results).containsExactly("batch:b", "batch:c", "batch:d", "batch:e");
            assertThat(batches).hasSize(1);
            assertThat(batches.get(0)).containsExactlyInAnyOrder("b", "c", "d", "e");
        }
    }

    @Test
    void everyItemOfOnePartitionGoesThroughOneWriterInArrivalOrder() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit<String, String> gc = new GroupCommit<>("lane", 4, 64, 100, items -> {
            items.forEach(i -> seen.add(Thread.currentThread().getName() + " " + i));
            return items;
        }, item -> {
            seen.add(Thread.currentThread().getName() + " " + item);
            return item;
        })) {
            List<CompletableFuture<String>> others = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String other = "other-" + i;
                others.add(CompletableFuture.supplyAsync(() -> gc.submit(other, other)));
            }
            for (int i = 0; i < 20; i++) gc.submit("sender-a " + i, "tel:+6281234567890"); // one caller, in order
            for (CompletableFuture<String> f : others) f.get(5, TimeUnit.SECONDS);
        }
        List<String> a = seen.stream().filter(s -> s.contains("sender-a")).toList();
        assertThat(a).hasSize(20);
        assertThat(a.stream().map(s -> s.substring(0, s.indexOf(' '))).distinct()).hasSize(1);
        assertThat(a.stream().map(s -> Integer.parseInt(s.substring(s.lastIndexOf(' ') + 1))).toList())
                .isSorted();
        assertThat(seen.stream().map(s -> s.substring(0, s.indexOf(' '))).distinct()).hasSizeGreaterThan(1);
    }

    @Test
    void batchesAreNeverLargerThanTheLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit<String, String> gc = new GroupCommit<>("t", 1, 3, 100, this::storeBatch, item -> {
            await(release);
            return storeOne(item);
        })) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> gc.submit("x", "k"));
            Thread.sleep(100);
            List<CompletableFuture<String>> later = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                String s = "i" + i;
                later.add(CompletableFuture.supplyAsync(() -> gc.submit(s, "k")));
            }
            Thread.sleep(200);
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            for (CompletableFuture<String> f : later) assertThat(f.get(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(3));
            assertThat(batches.stream().mapToInt(List::size).sum() + alone.size()).isEqualTo(8);
        }
    }

    @Test
    void aConstraintViolationInTheBatchStoresEachItemAlone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit<String, String> gc = new GroupCommit<>("t", 1, 64, 100,
                items -> { throw new DataIntegrityViolationException("duplicate key"); },
                item -> {
                    await(release);
                    return storeOne(item);
                })) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> gc.submit("p", "k"));
            Thread.sleep(100);
            CompletableFuture<String> q = CompletableFuture.supplyAsync(() -> gc.submit("q", "k"));
            CompletableFuture<String> r = CompletableFuture.supplyAsync(() -> gc.submit("r", "k"));
            Thread.sleep(200);
            release.countDown();
            assertThat(List.of(first.get(5, TimeUnit.SECONDS), q.get(5, TimeUnit.SECONDS), r.get(5, TimeUnit.SECONDS)))
                    .containsExactly("alone:p", "alone:q", "alone:r");
            assertThat(alone).containsExactlyInAnyOrder("p", "q", "r");
        }
    }

    @Test
    void aStoreFailureFailsEveryCallerOfThatBatchAndTheWriterCarriesOn() {
        boolean[] down = {true};
        try (GroupCommit<String, String> gc = new GroupCommit<>("t", 1, 64, 100, this::storeBatch, item -> {
            if (down[0]) throw new DataAccessResourceFailureException("connection refused");
            return storeOne(item);
        })) {
            assertThatThrownBy(() -> gc.submit("lost?", "k")).isInstanceOf(DataAccessResourceFailureException.class)
                    .hasMessageContaining("connection refused");
            down[0] = false;
            assertThat(gc.submit("later", "k")).isEqualTo("alone:later");
            assertThat(alone).containsExactly("later");
        }
    }

    @Test
    void closeCommitsWhatIsQueuedAndRefusesNewItems() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> gc = new GroupCommit<>("t", 1, 64, 100, this::storeBatch, item -> {
            await(release);
            return storeOne(item);
        });
        CompletableFuture<String> a = queued(gc, "a");
        CompletableFuture<String> b = queued(gc, "b");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(gc::close);
        Thread.sleep(100);
        release.countDown();
        closing.get(5, TimeUnit.SECONDS);
        assertThat(a.get(1, TimeUnit.SECONDS)).isEqualTo("alone:a");
        assertThat(b.get(1, TimeUnit.SECONDS)).isEqualTo("alone:b");
        assertThatThrownBy(() -> gc.submit("c", "k")).hasMessageContaining("shutting down");
    }

    /**
     * Submits the item on a thread of its own and returns once it is queued, i.e. its caller waits in
     * {@code submit} for the commit. A fixed sleep instead let a thread that started late on a loaded
     * machine queue its item after the commit it was meant to join (or after close), and the test failed.
     */
    private static CompletableFuture<String> queued(GroupCommit<String, String> gc, String item) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(gc.submit(item, "k"));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "submit-" + item);
        t.setDaemon(true);
        t.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> f.isDone() || waitsForCommit(t));
        return f;
    }

    /** The thread is in GroupCommit.submit's wait for its job's result, which comes after the item was queued. */
    private static boolean waitsForCommit(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 1; i < stack.length; i++) {
            if (stack[i].getClassName().equals(GroupCommit.class.getName()) && stack[i].getMethodName().equals("submit")) {
                return stack[i - 1].getClassName().equals(CompletableFuture.class.getName()) && stack[i - 1].getMethodName().equals("get");
            }
        }
        return false;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("latch not released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

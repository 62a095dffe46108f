package io.wsaudit.operator.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LeaseLossTest {

  @Test
  void aLeaseLostWhileRunningEndsTheProcessFromAThreadOfItsOwn() throws Exception {
    CountDownLatch exited = new CountDownLatch(1);
    AtomicReference<Thread> exitThread = new AtomicReference<>();
    LeaseLoss loss =
        new LeaseLoss(
            true,
            () -> {
              exitThread.set(Thread.currentThread());
              exited.countDown();
            });

    loss.callbacks().onStopLeading();

    assertThat(exited.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(exitThread.get()).isNotSameAs(Thread.currentThread());
  }

  @Test
  void releasingTheLeaseWhileStoppingIsNotALoss() throws Exception {
    CountDownLatch exited = new CountDownLatch(1);
    LeaseLoss loss = new LeaseLoss(true, exited::countDown);

    loss.closing();
    loss.callbacks().onStopLeading();

    assertThat(exited.await(300, TimeUnit.MILLISECONDS)).isFalse();
  }

  @Test
  void configuredNotToExitItStaysUp() throws Exception {
    CountDownLatch exited = new CountDownLatch(1);
    LeaseLoss loss = new LeaseLoss(false, exited::countDown);

    loss.callbacks().onStopLeading();

    assertThat(exited.await(300, TimeUnit.MILLISECONDS)).isFalse();
  }
}

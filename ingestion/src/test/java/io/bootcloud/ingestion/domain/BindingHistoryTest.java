package io.bootcloud.ingestion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingHistoryTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private static BindingHistory.Event bind(String id, long atSeconds, String device, String contributor) {
    return new BindingHistory.Event(id, T0.plusSeconds(atSeconds), device, contributor, true, "registry/f", 1);
  }

  private static BindingHistory.Event unbind(String id, long atSeconds, String device, String contributor) {
    return new BindingHistory.Event(id, T0.plusSeconds(atSeconds), device, contributor, false, "registry/f", 1);
  }

  @Test
  void aBindOfADeviceBoundToSomeoneElseIsAConflictAndTheDeviceStaysWithItsOwner() {
    BindingHistory.Result r = BindingHistory.build(List.of(
        bind("b1", 0, "d1", "alice"),
        bind("hijack", 3600, "d1", "mallory")));
    assertThat(r.conflicts()).extracting(BindingHistory.Event::eventId).containsExactly("hijack");
    assertThat(r.bindings()).containsExactly(new BindingHistory.Binding("d1", "alice", T0, null, "b1", null));
  }

  @Test
  void aDeviceMovesToAnotherContributorAfterItsOwnerUnbindsIt() {
    BindingHistory.Result r = BindingHistory.build(List.of(
        bind("b1", 0, "d1", "alice"),
        bind("b2", 43_200, "d1", "bob"),
        unbind("u1", 43_200, "d1", "alice")));
    assertThat(r.conflicts()).isEmpty();
    assertThat(r.bindings()).containsExactly(
        new BindingHistory.Binding("d1", "alice", T0, T0.plusSeconds(43_200), "b1", "u1"),
        new BindingHistory.Binding("d1", "bob", T0.plusSeconds(43_200), null, "b2", null));
  }

  @Test
  void anUnbindByAnotherContributorDoesNotFreeTheDevice() {
    BindingHistory.Result r = BindingHistory.build(List.of(
        bind("b1", 0, "d1", "alice"),
        unbind("u-mallory", 100, "d1", "mallory"),
        bind("b2", 200, "d1", "mallory")));
    assertThat(r.conflicts()).extracting(BindingHistory.Event::eventId).containsExactly("b2");
    assertThat(r.bindings()).containsExactly(new BindingHistory.Binding("d1", "alice", T0, null, "b1", null));
  }

  @Test
  void twoBindsAtOneInstantToDifferentContributorsKeepTheFirstById() {
    BindingHistory.Result r = BindingHistory.build(List.of(
        bind("b2", 0, "d1", "bob"),
        bind("b1", 0, "d1", "alice")));
    assertThat(r.conflicts()).extracting(BindingHistory.Event::eventId).containsExactly("b2");
    assertThat(r.bindings()).extracting(BindingHistory.Binding::contributorId).containsExactly("alice");
  }

  @Test
  void aRepeatedBindToTheOwnerChangesNothingAndAnUnbindThenABindReopens() {
    BindingHistory.Result r = BindingHistory.build(List.of(
        bind("b1", 0, "d1", "alice"),
        bind("b1-again", 10, "d1", "alice"),
        unbind("u1", 20, "d1", "alice"),
        bind("b3", 30, "d1", "alice")));
    assertThat(r.conflicts()).isEmpty();
    assertThat(r.bindings()).containsExactly(
        new BindingHistory.Binding("d1", "alice", T0, T0.plusSeconds(20), "b1", "u1"),
        new BindingHistory.Binding("d1", "alice", T0.plusSeconds(30), null, "b3", null));
  }
}

package dev.bulwark.api.crd;

import dev.bulwark.api.BulwarkApi;
import dev.bulwark.api.replay.ReplayPlanSpec;
import dev.bulwark.api.replay.ReplayPlanStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Recomputes derived data from raw inputs with an analyzer version, partition by partition, with
 * evidence.
 */
@AdditionalPrinterColumn(
    name = "Analyzer",
    jsonPath = ".spec.analyzer.analyzerVersion",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Done", jsonPath = ".status.done", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Failed", jsonPath = ".status.failed", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@Group(BulwarkApi.GROUP)
@Version(BulwarkApi.VERSION)
@Kind("ReplayPlan")
@Plural("replayplans")
@ShortNames("rp")
public class ReplayPlanResource extends CustomResource<ReplayPlanSpec, ReplayPlanStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;
}

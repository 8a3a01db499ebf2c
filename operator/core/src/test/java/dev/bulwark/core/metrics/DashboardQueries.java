package dev.bulwark.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL queries of a Grafana dashboard: panel targets (also inside rows) and query variables.
 */
public final class DashboardQueries {
  private DashboardQueries() {}

  /** Every query, in panel order. */
  public static List<String> of(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    collect(dashboard.path("panels"), queries);
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        String definition = variable.path("definition").asText();
        // label_values(metric, label) is Grafana's, not PromQL: its metric is the query.
        queries.add(definition.replaceAll("^label_values\\(([^,]+),.*\\)$", "$1"));
      }
    }
    return queries;
  }

  private static void collect(JsonNode panels, List<String> into) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          into.add(target.get("expr").asText());
        }
      }
      collect(panel.path("panels"), into);
    }
  }
}

package dev.bulwark.api.crd;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the CRDs of {@code crd-schemas/} from the model with fabric8's crd-generator, then adds
 * what the generator cannot express: conditions are a list-map keyed by {@code type}, as
 * Kubernetes' {@code metav1.Condition} lists are, so server-side apply merges them per type; and
 * printer columns keep the order they are declared in (the generator sorts them by name).
 */
final class CrdGeneration {
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          BackupPolicyResource.class,
          RestoreDrillResource.class,
          MigrationPlanResource.class,
          ReplayPlanResource.class);

  private CrdGeneration() {}

  /** Writes one {@code <plural>.bulwark.dev-v1.yml} per kind into {@code dir}. */
  static void generateInto(Path dir) throws IOException {
    Files.createDirectories(dir);
    // The model is plain: its schema constraints come in as mix-ins (SchemaConstraints).
    ObjectMapper mapper = new ObjectMapper();
    SchemaConstraints.mixIns().forEach(mapper::addMixIn);
    new CRDGenerator()
        .withObjectMapper(mapper, new KubernetesSerialization(mapper, false))
        .customResourceClasses(KINDS)
        .forCRDVersions("v1")
        .withPostProcessor(new KubernetesConventions())
        .inOutputDir(dir.toFile())
        .generate();
  }

  /** Conditions as a list-map keyed by type; printer columns in declaration order. */
  private static final class KubernetesConventions implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      CustomResourceDefinition definition = (CustomResourceDefinition) crd;
      List<String> declaredColumns = declaredColumnNames(definition.getSpec().getNames().getKind());
      for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
        JSONSchemaProps status =
            version.getSchema().getOpenAPIV3Schema().getProperties().get("status");
        JSONSchemaProps conditions = status.getProperties().get("conditions");
        conditions.setXKubernetesListType("map");
        conditions.setXKubernetesListMapKeys(List.of("type"));
        version
            .getAdditionalPrinterColumns()
            .sort(Comparator.comparingInt(column -> declaredColumns.indexOf(column.getName())));
      }
      return crd;
    }

    private static List<String> declaredColumnNames(String kind) {
      Class<?> type =
          KINDS.stream().filter(k -> HasMetadata.getKind(k).equals(kind)).findFirst().orElseThrow();
      return Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
          .map(AdditionalPrinterColumn::name)
          .toList();
    }
  }

  /**
   * Regenerates the committed CRDs: {@code mvn -pl operator/api -am test
   * -Dbulwark.regenerateCrds=true}.
   */
  public static void main(String[] args) throws IOException {
    generateInto(Path.of(args.length > 0 ? args[0] : "crd-schemas"));
  }
}

package dev.bulwark.cli;

import dev.bulwark.core.Environment;
import dev.bulwark.manifests.validate.DirectoryValidator;
import dev.bulwark.manifests.validate.ValidationFinding;
import dev.bulwark.manifests.validate.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark validate DIR...}: schema and semantic checks of policy YAML, for CI. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check policy YAML for schema and semantic errors.",
      "Files or directories, read recursively.",
      "Prints one line per problem: file:line: Kind/name: field: why.",
      "With --json, prints {resources, errors, warnings, findings: [{file, line, severity, kind,",
      "name, field, message}]} on stdout instead.",
      "Exit 0 when all are valid (warnings allowed), 1 when any error, 2 on usage errors."
    })
final class ValidateCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Files or directories to check.")
  List<Path> roots;

  @Option(names = "--json", description = "Print the findings as one JSON document on stdout.")
  boolean json;

  /** The {@code --json} document. */
  record Output(int resources, int errors, int warnings, List<ValidationFinding> findings) {}

  @Override
  public Integer call() throws Exception {
    ValidationReport report;
    try {
      report = new DirectoryValidator(Environment.system()).validate(roots);
    } catch (IllegalArgumentException e) {
      System.err.println("bulwark validate: " + e.getMessage());
      return 2;
    }
    if (json) {
      System.out.println(
          CliJson.write(
              new Output(
                  report.resources(), report.errors(), report.warnings(), report.findings())));
      return report.errors() > 0 ? 1 : 0;
    }
    report.lines().forEach(System.out::println);
    System.err.printf(
        "%d resource(s) checked: %d error(s), %d warning(s)%n",
        report.resources(), report.errors(), report.warnings());
    return report.errors() > 0 ? 1 : 0;
  }
}

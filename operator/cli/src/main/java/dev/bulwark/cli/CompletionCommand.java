package dev.bulwark.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark completion bash|zsh}: the shell completion script, generated from the commands
 * themselves.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script for bash or zsh.",
      "bash:  source <(bulwark completion bash)   (or save it in /etc/bash_completion.d/bulwark)",
      "zsh:   source <(bulwark completion zsh)    (in ~/.zshrc, after compinit)",
      "It completes commands, options and enum values such as --target local|s3|oss."
    })
final class CompletionCommand implements Callable<Integer> {
  /** The shells the script is written for. */
  enum Shell {
    BASH,
    ZSH
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "bash|zsh", description = "The shell to complete in.")
  Shell shell;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String script = AutoComplete.bash(root.getCommandName(), root);
    if (shell == Shell.ZSH) {
      // picocli's script runs in zsh through bashcompinit, which needs compinit first.
      script =
          "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
              + script;
    }
    System.out.print(script);
    return 0;
  }
}

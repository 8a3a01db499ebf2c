package dev.bulwark.api.backup;

import dev.bulwark.api.common.HookCommand;
import java.util.List;

/** Commands run around each job: a failing pre hook fails the job, post hooks always run. */
public class Hooks {
  private List<HookCommand> pre;

  private List<HookCommand> post;

  public List<HookCommand> getPre() {
    return pre;
  }

  public void setPre(List<HookCommand> pre) {
    this.pre = pre;
  }

  public List<HookCommand> getPost() {
    return post;
  }

  public void setPost(List<HookCommand> post) {
    this.post = post;
  }
}

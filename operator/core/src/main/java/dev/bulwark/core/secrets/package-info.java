/** Where secret values come from: the environment, files, or Kubernetes Secrets by reference. */
package dev.bulwark.core.secrets;

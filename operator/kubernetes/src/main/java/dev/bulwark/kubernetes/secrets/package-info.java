/** Reading Kubernetes Secrets that resources refer to by name. */
package dev.bulwark.kubernetes.secrets;

/**
 * SP-NAS: serial-to-parallel backbone search ({@code design/spnas.md}). Entry point {@link org.nas4det.spnas.SpNas}
 * ({@code builder()}, {@code paper()}, {@code cpu()}, {@code standalone(arch)}); codes and arch strings
 * {@link org.nas4det.spnas.SerialCode}, {@link org.nas4det.spnas.SpNasArch}; the backbone
 * {@link org.nas4det.spnas.SerialBackbone}; the morphisms {@link org.nas4det.spnas.SerialMutation} and
 * {@link org.nas4det.spnas.WeightInheritance}.
 */
package org.nas4det.spnas;

/**
 * Whether this machine can be an ECS (or ECI) instance: `'no'` = certainly not, the metadata service is not
 * probed; `'yes'` = it says Alibaba Cloud; `'unknown'` = cannot tell, probe with the short timeout.
 */
export interface PlatformVerdict {
  onEcs: 'yes' | 'no' | 'unknown';
  /** Why, for messages (never anything secret: DMI vendor strings are public). */
  reason: string;
}

// Vendor strings that a virtual machine of any cloud may show, ECS included (old Xen-based instance types
// report "Xen"), or that say nothing: they cannot rule ECS out.
const INCONCLUSIVE_VENDOR = /^(|xen|qemu|kvm|bochs|red ?hat|openstack( foundation)?|not specified|none|default string|system manufacturer|to be filled by o\.e\.m\.?|o\.e\.m\.?)$/i;
const ALIBABA = /alibaba|aliyun|alicloud/i;

/**
 * The "certainly not ECS" rule on the DMI identity: ECS and ECI instances report `sys_vendor`
 * "Alibaba Cloud" (`product_name` "Alibaba Cloud ECS"). So:
 *
 * - either value names Alibaba Cloud (alibaba, aliyun, alicloud) → `yes`;
 * - neither file could be read → `unknown`;
 * - `sys_vendor` is empty or a generic hypervisor/placeholder (Xen, QEMU, KVM, "To be filled by O.E.M.") → `unknown`;
 * - otherwise (e.g. "Amazon EC2", "Google", "Microsoft Corporation", "Dell Inc.", "LENOVO") → `no`.
 */
export function classifyDmi(sysVendor: string | undefined, productName: string | undefined): PlatformVerdict {
  if (sysVendor === undefined && productName === undefined) {
    return { onEcs: 'unknown', reason: 'no DMI vendor files to read' };
  }
  if (ALIBABA.test(`${sysVendor ?? ''} ${productName ?? ''}`)) {
    return { onEcs: 'yes', reason: 'the DMI vendor names Alibaba Cloud' };
  }
  if (sysVendor === undefined || INCONCLUSIVE_VENDOR.test(sysVendor)) {
    return { onEcs: 'unknown', reason: 'the DMI vendor does not identify the cloud' };
  }
  return { onEcs: 'no', reason: `the DMI sys_vendor is ${JSON.stringify(sysVendor.slice(0, 60))}, not Alibaba Cloud` };
}

import type { SvgIconProps } from '@material-ui/core/SvgIcon';
import StorageIcon from '@material-ui/icons/Storage';

/**
 * The icon of the fleet page's sidebar item ("Models"), in both frontend systems.
 *
 * @public
 */
export function ModelsIcon(props: SvgIconProps) {
  return <StorageIcon {...props} />;
}

import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  ModelDownloadModel,
  modelDownloadModel,
} from '@model-delivery/plugin-model-delivery-common';

type Editable = keyof ModelDownloadModel;

/** Whether a validation message (`models[1].sha: ...`) concerns this input. */
function hasError(
  rawErrors: string[] | undefined,
  index: number,
  key: Editable,
) {
  return (rawErrors ?? []).some(e => e.startsWith(`models[${index}].${key}:`));
}

function parseRetryCount(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  // Kept even when not a whole number, so that validation can say what is wrong.
  return Number(value);
}

/**
 * Edits the models of a ModelDownload: Hugging Face id, optional revision (sha) and
 * optional retryCount each. Returns `[{ name, sha?, retryCount? }]`.
 */
export function ModelDownloadModelsField(
  props: FieldExtensionComponentProps<ModelDownloadModel[]>,
) {
  const {
    formData,
    onChange,
    rawErrors,
    schema,
    disabled,
    readonly,
    idSchema,
  } = props;
  const models = formData ?? [];
  // An empty form still offers one row to type into; it is not data until typed in.
  const rows = models.length > 0 ? models : [{ name: '' }];
  const locked = disabled || readonly;
  const id = idSchema?.$id ?? 'models';

  const update = (index: number, change: Partial<ModelDownloadModel>) => {
    const next = rows.map((model, i) =>
      i === index
        ? modelDownloadModel({ ...model, ...change })
        : modelDownloadModel(model),
    );
    onChange(next);
  };
  const remove = (index: number) => {
    onChange(rows.filter((_, i) => i !== index).map(modelDownloadModel));
  };
  const add = () => {
    onChange([...rows.map(modelDownloadModel), { name: '' }]);
  };

  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        {schema?.title ?? 'Models'}
      </Typography>
      {schema?.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      {rows.map((model, index) => (
        <Box
          key={index}
          display="flex"
          alignItems="flex-start"
          gridGap={8}
          mt={1}
          role="group"
          aria-label={`Model ${index + 1}`}
        >
          <TextField
            id={`${id}-${index}-name`}
            label="Hugging Face model id"
            placeholder="google/gemma-2-2b-it"
            required
            value={model.name ?? ''}
            error={hasError(rawErrors, index, 'name')}
            disabled={locked}
            onChange={e => update(index, { name: e.target.value })}
            style={{ flex: 3 }}
          />
          <TextField
            id={`${id}-${index}-sha`}
            label="Revision (sha, optional)"
            value={model.sha ?? ''}
            error={hasError(rawErrors, index, 'sha')}
            disabled={locked}
            onChange={e => update(index, { sha: e.target.value })}
            style={{ flex: 2 }}
          />
          <TextField
            id={`${id}-${index}-retryCount`}
            label="Retry count (optional)"
            type="number"
            inputProps={{ min: 0, step: 1 }}
            value={model.retryCount ?? ''}
            error={hasError(rawErrors, index, 'retryCount')}
            disabled={locked}
            onChange={e =>
              update(index, { retryCount: parseRetryCount(e.target.value) })
            }
            style={{ flex: 1 }}
          />
          <IconButton
            aria-label={`Remove model ${index + 1}`}
            disabled={locked || models.length === 0}
            onClick={() => remove(index)}
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Box mt={1}>
        <Button startIcon={<AddIcon />} onClick={add} disabled={locked}>
          Add model
        </Button>
      </Box>
    </Box>
  );
}

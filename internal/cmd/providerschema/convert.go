package main

import (
	"encoding/json"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The JSON shapes of `terraform providers schema -json` (format 1.0).

type providerJSON struct {
	Provider           schemaJSON              `json:"provider"`
	Resources          map[string]schemaJSON   `json:"resource_schemas,omitempty"`
	DataSources        map[string]schemaJSON   `json:"data_source_schemas,omitempty"`
	ListResources      map[string]schemaJSON   `json:"list_resource_schemas,omitempty"`
	Actions            map[string]actionJSON   `json:"action_schemas,omitempty"`
	ResourceIdentities map[string]identityJSON `json:"resource_identity_schemas,omitempty"`
}

type schemaJSON struct {
	Version int64      `json:"version"`
	Block   *blockJSON `json:"block,omitempty"`
}

type actionJSON struct {
	Block *blockJSON `json:"block,omitempty"`
}

type blockJSON struct {
	Attributes      map[string]*attributeJSON `json:"attributes,omitempty"`
	BlockTypes      map[string]*blockTypeJSON `json:"block_types,omitempty"`
	Description     string                    `json:"description,omitempty"`
	DescriptionKind string                    `json:"description_kind,omitempty"`
	Deprecated      bool                      `json:"deprecated,omitempty"`
}

type attributeJSON struct {
	Type            json.RawMessage `json:"type,omitempty"`
	NestedType      *nestedTypeJSON `json:"nested_type,omitempty"`
	Description     string          `json:"description,omitempty"`
	DescriptionKind string          `json:"description_kind,omitempty"`
	Deprecated      bool            `json:"deprecated,omitempty"`
	Required        bool            `json:"required,omitempty"`
	Optional        bool            `json:"optional,omitempty"`
	Computed        bool            `json:"computed,omitempty"`
	Sensitive       bool            `json:"sensitive,omitempty"`
	WriteOnly       bool            `json:"write_only,omitempty"`
}

type nestedTypeJSON struct {
	Attributes  map[string]*attributeJSON `json:"attributes,omitempty"`
	NestingMode string                    `json:"nesting_mode,omitempty"`
}

type blockTypeJSON struct {
	NestingMode string     `json:"nesting_mode,omitempty"`
	Block       *blockJSON `json:"block,omitempty"`
	MinItems    int64      `json:"min_items,omitempty"`
	MaxItems    int64      `json:"max_items,omitempty"`
}

type identityJSON struct {
	Version    int64                            `json:"version"`
	Attributes map[string]identityAttributeJSON `json:"attributes,omitempty"`
}

type identityAttributeJSON struct {
	Type              json.RawMessage `json:"type,omitempty"`
	Description       string          `json:"description,omitempty"`
	RequiredForImport bool            `json:"required_for_import,omitempty"`
	OptionalForImport bool            `json:"optional_for_import,omitempty"`
}

func schemaOf(s *tfprotov6.Schema) schemaJSON {
	if s == nil {
		return schemaJSON{}
	}
	return schemaJSON{Version: s.Version, Block: blockOf(s.Block)}
}

func blockOf(b *tfprotov6.SchemaBlock) *blockJSON {
	if b == nil {
		return nil
	}
	out := &blockJSON{Description: b.Description, DescriptionKind: kindOf(b.DescriptionKind), Deprecated: b.Deprecated}
	if len(b.Attributes) > 0 {
		out.Attributes = attributesOf(b.Attributes)
	}
	for _, nb := range b.BlockTypes {
		if out.BlockTypes == nil {
			out.BlockTypes = map[string]*blockTypeJSON{}
		}
		out.BlockTypes[nb.TypeName] = &blockTypeJSON{
			NestingMode: blockNesting[nb.Nesting], Block: blockOf(nb.Block), MinItems: nb.MinItems, MaxItems: nb.MaxItems,
		}
	}
	return out
}

func attributesOf(attrs []*tfprotov6.SchemaAttribute) map[string]*attributeJSON {
	out := map[string]*attributeJSON{}
	for _, a := range attrs {
		j := &attributeJSON{
			Description: a.Description, DescriptionKind: kindOf(a.DescriptionKind), Deprecated: a.Deprecated,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, WriteOnly: a.WriteOnly,
		}
		if a.NestedType != nil {
			j.NestedType = &nestedTypeJSON{Attributes: attributesOf(a.NestedType.Attributes), NestingMode: objectNesting[a.NestedType.Nesting]}
		} else if a.Type != nil {
			j.Type = typeJSON(a.Type)
		}
		out[a.Name] = j
	}
	return out
}

func identityOf(s *tfprotov6.ResourceIdentitySchema) identityJSON {
	out := identityJSON{Version: s.Version, Attributes: map[string]identityAttributeJSON{}}
	for _, a := range s.IdentityAttributes {
		out.Attributes[a.Name] = identityAttributeJSON{Type: typeJSON(a.Type), Description: a.Description,
			RequiredForImport: a.RequiredForImport, OptionalForImport: a.OptionalForImport}
	}
	return out
}

// typeJSON writes a type as Terraform's JSON type constraints do:
// "string", ["list","string"], ["object",{"a":"number"}].
func typeJSON(t tftypes.Type) json.RawMessage {
	b, _ := json.Marshal(typeValue(t)) // strings, lists and maps always marshal
	return b
}

func typeValue(t tftypes.Type) any {
	switch t := t.(type) {
	case tftypes.List:
		return []any{"list", typeValue(t.ElementType)}
	case tftypes.Set:
		return []any{"set", typeValue(t.ElementType)}
	case tftypes.Map:
		return []any{"map", typeValue(t.ElementType)}
	case tftypes.Tuple:
		elems := make([]any, len(t.ElementTypes))
		for i, e := range t.ElementTypes {
			elems[i] = typeValue(e)
		}
		return []any{"tuple", elems}
	case tftypes.Object:
		attrs := map[string]any{}
		for name, at := range t.AttributeTypes {
			attrs[name] = typeValue(at)
		}
		if len(t.OptionalAttributes) == 0 {
			return []any{"object", attrs}
		}
		optional := make([]string, 0, len(t.OptionalAttributes))
		for name := range t.OptionalAttributes {
			optional = append(optional, name)
		}
		sort.Strings(optional)
		return []any{"object", attrs, optional}
	}
	switch {
	case t.Is(tftypes.String):
		return "string"
	case t.Is(tftypes.Number):
		return "number"
	case t.Is(tftypes.Bool):
		return "bool"
	}
	return "dynamic"
}

func kindOf(k tfprotov6.StringKind) string {
	if k == tfprotov6.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}

var blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]string{
	tfprotov6.SchemaNestedBlockNestingModeSingle: "single",
	tfprotov6.SchemaNestedBlockNestingModeList:   "list",
	tfprotov6.SchemaNestedBlockNestingModeSet:    "set",
	tfprotov6.SchemaNestedBlockNestingModeMap:    "map",
	tfprotov6.SchemaNestedBlockNestingModeGroup:  "group",
}

var objectNesting = map[tfprotov6.SchemaObjectNestingMode]string{
	tfprotov6.SchemaObjectNestingModeSingle: "single",
	tfprotov6.SchemaObjectNestingModeList:   "list",
	tfprotov6.SchemaObjectNestingModeSet:    "set",
	tfprotov6.SchemaObjectNestingModeMap:    "map",
}
